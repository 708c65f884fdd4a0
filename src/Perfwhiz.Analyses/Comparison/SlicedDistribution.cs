namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// One task's durations (run time per switch, or wakeup waits) in a run, by time slice: the run's
/// own exact quantiles, and per slice cumulative counts over the log buckets the task
/// uses, summed over the slices before each slice, so that a quantile of a resample of slices is
/// a binary search over sums of its blocks.
/// </summary>
public sealed class SlicedDistribution
{
    /// <summary>The quantiles known exactly: those the comparison reports.</summary>
    private static readonly double[] ExactFractions = [0.50, 0.95, 0.99];

    private readonly double[] exactQuantiles;
    private readonly int[] exactBucketIndex; // where each exact quantile lies among the buckets used
    private readonly double max;
    private readonly int[] bucketOfIndex;
    private readonly int[] prefix; // [bucket index * (slices + 1) + slice]: values at or below the bucket in the slices before
    private readonly long[] maxPerSlice;
    private readonly int slices;

    private SlicedDistribution(int count, double[] exactQuantiles, double max, int[] bucketOfIndex, int[] prefix, long[] maxPerSlice, int slices)
    {
        Count = count;
        this.exactQuantiles = exactQuantiles;
        exactBucketIndex = [.. exactQuantiles.Select(value => double.IsNaN(value) ? 0 : Math.Max(0, Array.BinarySearch(bucketOfIndex, LogBuckets.Of((long)value))))];
        this.max = max;
        this.bucketOfIndex = bucketOfIndex;
        this.prefix = prefix;
        this.maxPerSlice = maxPerSlice;
        this.slices = slices;
    }

    public int Count { get; }

    /// <param name="sliceOf">The slice of each value.</param>
    /// <param name="values">The durations in ns; reordered.</param>
    /// <param name="slices">The run's slice count.</param>
    /// <param name="scratch">A zeroed array of <see cref="LogBuckets.Count"/> ints, left zeroed.</param>
    public static SlicedDistribution Build(ReadOnlySpan<int> sliceOf, long[] values, int slices, int[] scratch)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(scratch);
        // The buckets this task uses, in order, numbered densely through the scratch table.
        var used = new List<int>();
        var slicesMax = new long[slices];
        Array.Fill(slicesMax, -1);
        for (var i = 0; i < values.Length; i++)
        {
            var bucket = LogBuckets.Of(values[i]);
            if (scratch[bucket] == 0)
            {
                scratch[bucket] = 1;
                used.Add(bucket);
            }

            slicesMax[sliceOf[i]] = Math.Max(slicesMax[sliceOf[i]], values[i]);
        }

        used.Sort();
        for (var index = 0; index < used.Count; index++)
        {
            scratch[used[index]] = index;
        }

        var buckets = used.Count;
        var counts = new int[slices * buckets];
        for (var i = 0; i < values.Length; i++)
        {
            counts[(scratch[LogBuckets.Of(values[i])] * slices) + sliceOf[i]]++;
        }

        foreach (var bucket in used)
        {
            scratch[bucket] = 0;
        }

        var exact = new double[ExactFractions.Length];
        var largest = -1L;
        foreach (var value in values)
        {
            largest = Math.Max(largest, value);
        }

        // The exact quantiles once, so that any thread may read them: a selection each, no sort.
        for (var i = 0; i < exact.Length; i++)
        {
            exact[i] = values.Length == 0 ? double.NaN : NthElement.Of(values, RankOf(ExactFractions[i], values.Length) - 1);
        }

        return new SlicedDistribution(values.Length, exact, largest < 0 ? double.NaN : largest, [.. used], PrefixSums(counts, buckets, slices), slicesMax, slices);
    }

    /// <summary>The exact nearest-rank quantile of all the values, for 0.50, 0.95 or 0.99; NaN when there are none.</summary>
    public double Quantile(double fraction)
    {
        var index = Array.IndexOf(ExactFractions, fraction);
        ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(fraction));
        return exactQuantiles[index];
    }

    /// <summary>The largest value; NaN when there are none.</summary>
    public double Max() => max;

    /// <summary>The nearest-rank quantile of a resample (bucket middles); NaN when it holds no value.</summary>
    public double Quantile(double fraction, SliceBlocks blocks)
    {
        var buckets = bucketOfIndex.Length;
        if (buckets == 0)
        {
            return double.NaN;
        }

        var total = CountAtOrBelow(blocks, buckets - 1);
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = RankOf(fraction, total);
        var (low, high) = Bracket(blocks, rank, HintFor(fraction));
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (CountAtOrBelow(blocks, middle) >= rank)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return LogBuckets.Middle(bucketOfIndex[low]);
    }

    /// <summary>The largest value of a resample; NaN when it holds no value.</summary>
    public double Max(ReadOnlySpan<int> weights)
    {
        var largest = -1L;
        for (var slice = 0; slice < slices; slice++)
        {
            if (weights[slice] > 0)
            {
                largest = Math.Max(largest, maxPerSlice[slice]);
            }
        }

        return largest < 0 ? double.NaN : largest;
    }

    // The smallest bucket index whose count reaches the rank lies in the bracket returned. A
    // resample's quantile lies near the run's own: galloping out from there takes a few counts,
    // where a search over every bucket took a dozen.
    private (int Low, int High) Bracket(SliceBlocks blocks, long rank, int hint)
    {
        var step = 1;
        if (CountAtOrBelow(blocks, hint) >= rank)
        {
            var high = hint;
            var low = hint - 1;
            while (low >= 0 && CountAtOrBelow(blocks, low) >= rank)
            {
                high = low;
                step *= 2;
                low = high - step;
            }

            return (Math.Max(low + 1, 0), high);
        }

        // The last bucket counts every value, so this ends there at the latest.
        var from = hint + 1;
        var to = from;
        while (CountAtOrBelow(blocks, to) < rank)
        {
            from = to + 1;
            step *= 2;
            to = Math.Min(to + step, bucketOfIndex.Length - 1);
        }

        return (from, to);
    }

    private int HintFor(double fraction)
    {
        var index = Array.IndexOf(ExactFractions, fraction);
        return index < 0 ? bucketOfIndex.Length / 2 : exactBucketIndex[index];
    }

    private static int RankOf(double fraction, long count) => (int)Math.Clamp((long)Math.Ceiling(fraction * count), 1, count);

    // Bucket-major, so that a count over the slices reads one contiguous row: counts made
    // cumulative over the buckets (in place), then summed over the slices before each slice.
    private static int[] PrefixSums(int[] counts, int buckets, int slices)
    {
        var sums = new int[buckets * (slices + 1)];
        for (var index = 0; index < buckets; index++)
        {
            var row = counts.AsSpan(index * slices, slices);
            if (index > 0)
            {
                var previous = counts.AsSpan((index - 1) * slices, slices);
                for (var slice = 0; slice < slices; slice++)
                {
                    row[slice] += previous[slice];
                }
            }

            var rowSums = sums.AsSpan(index * (slices + 1), slices + 1);
            for (var slice = 0; slice < slices; slice++)
            {
                rowSums[slice + 1] = rowSums[slice] + row[slice];
            }
        }

        return sums;
    }

    private long CountAtOrBelow(SliceBlocks blocks, int bucketIndex) =>
        blocks.Sum<int>(prefix.AsSpan(bucketIndex * (slices + 1), slices + 1));
}
