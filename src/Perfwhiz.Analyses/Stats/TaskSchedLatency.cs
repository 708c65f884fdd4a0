namespace Perfwhiz.Analyses.Stats;

/// <summary>
/// One line of <c>perf sched latency</c>: a thread, or the threads sharing a name. Switches counts the
/// waits for a CPU perf counts (perf's "Switches"), <paramref name="Preempted"/> those it misses;
/// times in ns, the worst wait's start since the capture's first event.
/// </summary>
/// <param name="Tid">The thread's id; null for a line of several threads.</param>
public sealed record TaskSchedLatency(
    string Task, int? Tid, int Threads, long RuntimeNs, long Switches, long TotalDelayNs, long MaxDelayNs, long MaxDelayStartNs, DelaySum Preempted)
{
    public double AverageDelayNs => Switches == 0 ? 0 : TotalDelayNs / (double)Switches;

    public long MaxDelayEndNs => MaxDelayStartNs + MaxDelayNs;
}
