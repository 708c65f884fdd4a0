using System.Numerics;

namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// A run or a resample of it as blocks of consecutive slices, each <c>length</c> slices long (the
/// last one <c>lastLength</c>), wrapping at the run's end. A figure of a resample is a sum of block
/// sums, each the difference of two prefix sums: a tenth of the work of a sum over every slice
/// with blocks of ten, and exactly the same integers.
/// </summary>
public readonly ref struct SliceBlocks
{
    private static readonly int[] FirstSlice = [0];

    private readonly ReadOnlySpan<int> starts;
    private readonly int length;
    private readonly int lastLength;
    private readonly int slices;

    public SliceBlocks(ReadOnlySpan<int> starts, int length, int lastLength, int slices)
    {
        this.starts = starts;
        this.length = length;
        this.lastLength = lastLength;
        this.slices = slices;
    }

    /// <summary>The whole run, once: one block of every slice.</summary>
    public static SliceBlocks Whole(int slices) => new(FirstSlice, slices, slices, slices);

    /// <summary>The sum over the blocks of a series given by its prefix sums (<c>prefix[s]</c>: the sum of slices before s; slices + 1 entries).</summary>
    public long Sum<T>(ReadOnlySpan<T> prefix)
        where T : struct, IBinaryInteger<T>
    {
        var total = 0L;
        var last = starts.Length - 1;
        for (var block = 0; block <= last; block++)
        {
            var start = starts[block];
            var end = start + (block == last ? lastLength : length);
            total += end <= slices
                ? long.CreateTruncating(prefix[end] - prefix[start])
                : long.CreateTruncating(prefix[slices] - prefix[start]) + long.CreateTruncating(prefix[end - slices]);
        }

        return total;
    }

    /// <summary>Prefix sums of a per-slice series, for <see cref="Sum{T}"/>.</summary>
    public static long[] Prefix(ReadOnlySpan<long> series)
    {
        var prefix = new long[series.Length + 1];
        for (var slice = 0; slice < series.Length; slice++)
        {
            prefix[slice + 1] = prefix[slice] + series[slice];
        }

        return prefix;
    }
}
