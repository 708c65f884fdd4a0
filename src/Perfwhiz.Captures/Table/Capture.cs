using Perfwhiz.Captures.Cdict;

namespace Perfwhiz.Captures.Table;

/// <summary>One capture in memory: the main table, the wakeups and the capture's metadata.</summary>
public sealed class Capture
{
    public Capture(EventTable events, WakeupTable wakeups, CaptureInfo info)
    {
        Events = events;
        Wakeups = wakeups;
        Info = info;
    }

    public EventTable Events { get; }

    public WakeupTable Wakeups { get; }

    public CaptureInfo Info { get; }

    /// <summary>
    /// Every thread's sched_stat_runtime summed over the whole capture (perf sched latency's run time),
    /// including what it ran after its last switch out. Known to the conversion only: a cdict keeps
    /// run time in its switch rows, so a capture read from one has none (null).
    /// </summary>
    public IReadOnlyDictionary<int, long>? SchedRuntimeByTid { get; init; }

    /// <summary>
    /// The cdict columns no task name changes, deflated while the capture was converted (null: none),
    /// which <see cref="Cdict.CdictFile"/> writes as they are: they hold as long as only task names change.
    /// </summary>
    public EarlyColumns? EarlyColumns { get; init; }

    public TaskNames Names => Events.Names;
}
