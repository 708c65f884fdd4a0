namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// One task's durations (run time per switch, or wakeup waits) in a run, by time slice: the exact
/// values for the run's own quantiles, and per slice cumulative counts over the log buckets the task
/// uses, so that a quantile of any resample of slices is a binary search over weighted sums.
/// </summary>
public sealed class SlicedDistribution
{
    private readonly long[] values;
    private readonly int[] bucketOfIndex;
    private readonly int[] cumulative; // [bucket index * slices + slice]: values of the slice at or below the bucket
    private readonly long[] maxPerSlice;
    private readonly int slices;

    private SlicedDistribution(long[] values, int[] bucketOfIndex, int[] cumulative, long[] maxPerSlice, int slices)
    {
        this.values = values;
        this.bucketOfIndex = bucketOfIndex;
        this.cumulative = cumulative;
        this.maxPerSlice = maxPerSlice;
        this.slices = slices;
    }

    public int Count => values.Length;

    /// <param name="sliceOf">The slice of each value.</param>
    /// <param name="values">The durations in ns; kept (and sorted) by the distribution.</param>
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

        // Bucket-major, so that a weighted count over the slices reads one contiguous row.
        for (var index = 1; index < buckets; index++)
        {
            var row = counts.AsSpan(index * slices, slices);
            var previous = counts.AsSpan((index - 1) * slices, slices);
            for (var slice = 0; slice < slices; slice++)
            {
                row[slice] += previous[slice];
            }
        }

        // Sorted once, so that the run's own quantiles are exact and any thread may read them.
        Array.Sort(values);
        return new SlicedDistribution(values, [.. used], counts, slicesMax, slices);
    }

    /// <summary>The exact nearest-rank quantile of all the values; NaN when there are none.</summary>
    public double Quantile(double fraction)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        return values[RankOf(fraction, values.Length) - 1];
    }

    /// <summary>The largest value; NaN when there are none.</summary>
    public double Max() => values.Length == 0 ? double.NaN : values[^1];

    /// <summary>The nearest-rank quantile of a resample (bucket middles); NaN when it holds no value.</summary>
    public double Quantile(double fraction, ReadOnlySpan<int> weights)
    {
        var buckets = bucketOfIndex.Length;
        if (buckets == 0)
        {
            return double.NaN;
        }

        var total = WeightedCount(weights, buckets - 1);
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = RankOf(fraction, total);
        int low = 0, high = buckets - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (WeightedCount(weights, middle) >= rank)
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
        var max = -1L;
        for (var slice = 0; slice < slices; slice++)
        {
            if (weights[slice] > 0)
            {
                max = Math.Max(max, maxPerSlice[slice]);
            }
        }

        return max < 0 ? double.NaN : max;
    }

    private static int RankOf(double fraction, long count) => (int)Math.Clamp((long)Math.Ceiling(fraction * count), 1, count);

    private long WeightedCount(ReadOnlySpan<int> weights, int bucketIndex)
    {
        var row = cumulative.AsSpan(bucketIndex * slices, slices);
        var count = 0L;
        for (var slice = 0; slice < row.Length; slice++)
        {
            count += (long)weights[slice] * row[slice];
        }

        return count;
    }
}
