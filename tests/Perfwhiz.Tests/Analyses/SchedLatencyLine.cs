namespace Perfwhiz.Tests.Analyses;

/// <summary>One thread as perf sched latency reports it (times in ms, max start in s of perf clock).</summary>
internal sealed record SchedLatencyLine(string Comm, int Tid, double RuntimeMs, long Switches, double AverageDelayMs, double MaxDelayMs, double MaxStartSeconds);
