namespace Perfwhiz.Tests.Infrastructure;

/// <summary>
/// One line of perf sched latency (or of perfwhiz's .stats): a thread, or <paramref name="Threads"/>
/// threads sharing a name (Tid null). Times in ms, the worst wait's start in s. perfwhiz's lines also
/// count the waits after a preemption (R+), which perf 6.1 misses.
/// </summary>
internal sealed record SchedLatencyLine(string Comm, int? Tid, int Threads, double RuntimeMs, long Switches, double AverageDelayMs, double MaxDelayMs, double MaxStartSeconds, long PreemptedWaits = 0)
{
    /// <summary>perf's average is the total wait over its switch count.</summary>
    public double TotalDelayMs => AverageDelayMs * Switches;
}
