namespace Perfwhiz.Analyses.Comparison;

/// <summary>The verdict on one metric of one task.</summary>
public enum Verdict
{
    /// <summary>No change the data can tell from noise, or one under the minimum effect.</summary>
    Same,

    Worse,

    Better,

    /// <summary>The metric does not exist in one of the runs (no wakeups recorded, a task that never waited).</summary>
    Absent,
}
