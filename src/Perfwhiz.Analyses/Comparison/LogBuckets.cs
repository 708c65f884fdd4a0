using System.Numerics;

namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// Log-linear buckets for durations in ns (as HDR histograms): exact below 128 ns, then 64 buckets
/// per power of two, so any duration lies within 0.8 % of its bucket's middle. Quantiles of
/// resampled data are read from bucket counts instead of sorting the values again.
/// </summary>
public static class LogBuckets
{
    private const int SubBits = 6;
    private const int Linear = 2 << SubBits; // 128

    /// <summary>Buckets for every non-negative long.</summary>
    public const int Count = Linear + ((63 - SubBits - 1) * (1 << SubBits));

    public static int Of(long ns)
    {
        if (ns < Linear)
        {
            return (int)Math.Max(ns, 0);
        }

        var exponent = BitOperations.Log2((ulong)ns);
        var sub = (int)(ns >> (exponent - SubBits)) & ((1 << SubBits) - 1);
        return Linear + ((exponent - SubBits - 1) << SubBits) + sub;
    }

    /// <summary>The middle of a bucket's range of durations.</summary>
    public static double Middle(int bucket)
    {
        if (bucket < Linear)
        {
            return bucket;
        }

        var octave = (bucket - Linear) >> SubBits;
        var sub = (bucket - Linear) & ((1 << SubBits) - 1);
        var width = Math.Pow(2, octave + 1);
        return (((1 << SubBits) + sub) * width) + (width / 2);
    }
}
