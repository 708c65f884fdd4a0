namespace Perfwhiz.Analyses.Results;

/// <summary>
/// Log-spaced buckets of wait durations, ten per decade from 1 µs to 10 s: a distribution compact
/// enough to ship per task. Bucket 0 holds waits under 1 µs, bucket k (1 to 70) waits from
/// 1 µs × 10^((k-1)/10) up to 1 µs × 10^(k/10), the last one also every longer wait.
/// </summary>
public static class LatencyBuckets
{
    public const int PerDecade = 10;

    public const int Count = (7 * PerDecade) + 1;

    private const double FirstEdgeNs = 1000;

    /// <summary>The bucket of a duration.</summary>
    public static int Of(long durationNs)
    {
        if (durationNs < FirstEdgeNs)
        {
            return 0;
        }

        var bucket = (int)Math.Floor(Math.Log10(durationNs / FirstEdgeNs) * PerDecade) + 1;
        return Math.Min(bucket, Count - 1);
    }

    /// <summary>Where a bucket starts, in ns.</summary>
    public static double LowerNs(int bucket) => bucket == 0 ? 0 : FirstEdgeNs * Math.Pow(10, (bucket - 1) / (double)PerDecade);

    /// <summary>Where a bucket ends, in ns (the last bucket's end, 10 s, also holds every longer wait).</summary>
    public static double UpperNs(int bucket) => FirstEdgeNs * Math.Pow(10, bucket / (double)PerDecade);

    /// <summary>The counts of the durations per bucket.</summary>
    public static long[] Histogram(ReadOnlySpan<long> durationsNs)
    {
        var counts = new long[Count];
        foreach (var duration in durationsNs)
        {
            counts[Of(duration)]++;
        }

        return counts;
    }
}
