using Perfwhiz.Captures.Table;

namespace Perfwhiz.Perfmap;

/// <summary>What a command needs of its runs beyond their events and task keys, said once where the runs are loaded.</summary>
/// <param name="Waits">The threads' waits, then measured while the task keys are built (<see cref="Perfwhiz.Analyses.Selection.Run.MeasuringWaits"/>).</param>
/// <param name="Columns">The columns of the captures to keep.</param>
internal readonly record struct RunNeeds(bool Waits, CaptureColumns Columns)
{
    /// <summary>The dashboards' and their JSON's: the waits, and the wakeups' CPUs only for the heat maps' timeline.</summary>
    public static RunNeeds Dashboard(bool heatmaps) => new(Waits: true, heatmaps ? CaptureColumns.All : CaptureColumns.WithoutWakeupCpus);

    /// <summary>The comparison's: the waits.</summary>
    public static RunNeeds Comparison => new(Waits: true, CaptureColumns.WithoutWakeupCpus);

    /// <summary>The task list's and the successors': the task keys alone.</summary>
    public static RunNeeds TaskKeys => new(Waits: false, CaptureColumns.WithoutWakeupCpus);

    /// <summary>The exports': every column, and no waits.</summary>
    public static RunNeeds Export => new(Waits: false, CaptureColumns.All);
}
