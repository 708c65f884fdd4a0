namespace Perfwhiz.Analyses.Stats;

/// <summary>
/// Scheduler latency as <c>perf sched latency</c> prints it: per task name (its default) and per thread
/// (its <c>-p</c>), each with its TOTAL line.
/// </summary>
public sealed record SchedLatencyStats(
    IReadOnlyList<TaskSchedLatency> Tasks, IReadOnlyList<TaskSchedLatency> Threads, SchedLatencyTotal TaskTotal, SchedLatencyTotal ThreadTotal);
