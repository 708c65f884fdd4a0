namespace Perfwhiz.Analyses.Stats;

/// <summary>
/// Scheduler latency as <c>perf sched latency</c> prints it: per task name (its default), per thread
/// (its <c>-p</c>), and the TOTAL line, which both tables share.
/// </summary>
public sealed record SchedLatencyStats(
    IReadOnlyList<TaskSchedLatency> Tasks, IReadOnlyList<TaskSchedLatency> Threads, long TotalRuntimeNs, long TotalSwitches);
