using System.Numerics;
using System.Runtime.CompilerServices;

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

    // A power of two spans 3.01 buckets: its durations lie at most this many edges above the
    // bucket of its lowest one.
    private const int EdgesPerPowerOfTwo = 4;

    // The shortest duration of each bucket (from 1 on), found from the formula itself (OfByFormula)
    // so that a lookup, which a million waits make cheaper than a logarithm each, agrees with it
    // exactly; then edges no duration reaches, so that every bucket has as many after it.
    private static readonly long[] FirstNs =
        [.. Enumerable.Range(0, Count).Select(FirstDurationOf), .. Enumerable.Repeat(long.MaxValue, EdgesPerPowerOfTwo)];

    // The lowest bucket of the durations with a given number of bits: a power of two spans about three buckets.
    private static readonly int[] LowestOfBitLength = [.. Enumerable.Range(0, 64).Select(bits => OfByFormula(bits == 0 ? 0 : 1L << (bits - 1)))];

    /// <summary>The bucket of a duration.</summary>
    public static int Of(long durationNs) => Of(durationNs, FirstNs, LowestOfBitLength);

    /// <summary>The bucket of a duration by its definition, a tenth of a decade: what <see cref="Of"/> answers.</summary>
    internal static int OfByFormula(long durationNs)
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

    /// <summary>The counts of each key's durations per bucket (null for a key without any).</summary>
    public static long[]?[] Histograms(ReadOnlySpan<int> keys, ReadOnlySpan<long> durationsNs, int keyCount)
    {
        var counts = new long[]?[keyCount];
        var firstNs = FirstNs;
        var lowestOfBitLength = LowestOfBitLength;
        for (var i = 0; i < keys.Length; i++)
        {
            (counts[keys[i]] ??= new long[Count])[Of(durationsNs[i], firstNs, lowestOfBitLength)]++;
        }

        return counts;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Of(long durationNs, long[] firstNs, int[] lowestOfBitLength)
    {
        if (durationNs < (long)FirstEdgeNs)
        {
            return 0;
        }

        // Counted, not branched on: durations come in no order, and a mispredicted branch costs more.
        var lowest = lowestOfBitLength[64 - BitOperations.LeadingZeroCount((ulong)durationNs)];
        var above = 0;
        for (var edge = 1; edge <= EdgesPerPowerOfTwo; edge++)
        {
            above += durationNs >= firstNs[lowest + edge] ? 1 : 0;
        }

        return Math.Min(lowest + above, Count - 1);
    }

    /// <summary>The shortest duration <see cref="OfByFormula"/> puts in <paramref name="bucket"/> or above.</summary>
    private static long FirstDurationOf(int bucket)
    {
        long low = 0;
        var high = long.MaxValue / 2;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (OfByFormula(middle) >= bucket)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}
