namespace Perfwhiz.Analyses.Results;

/// <summary>
/// A task's waits for a CPU once runnable: how many, their sum, nearest-rank percentiles and the
/// longest one with its start (ns since the capture's first event), and their distribution: the
/// count per <see cref="LatencyBuckets"/> bucket.
/// </summary>
public readonly record struct WakeupLatencySummary(
    int Key, long Count, long TotalNs, long P50Ns, long P95Ns, long P99Ns, long MaxNs, long MaxStartNs, long[] Histogram);
