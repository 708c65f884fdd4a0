namespace Perfwhiz.Reports.Json;

/// <summary>
/// How long a task waited for a CPU once runnable (wakeup → switched in), in µs, and when its
/// worst wait started and ended (ms since the capture's first event), and the waits' distribution.
/// <see cref="Name"/>, with several runs only, is the task's name without the run's.
/// </summary>
public sealed record TaskWakeupLatency(
    string Task, string Run, long Count, double AverageUs, double P50Us, double P95Us, double P99Us, double MaxUs, double MaxStartMs, double MaxEndMs,
    LatencyHistogram Histogram, string? Name = null);
