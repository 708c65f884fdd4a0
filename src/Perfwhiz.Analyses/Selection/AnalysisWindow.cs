namespace Perfwhiz.Analyses.Selection;

/// <summary>
/// The part of a capture analysed, in ns since its first event. When the window reaches past the
/// capture's end, counts are scaled by <see cref="Multiplier"/> (the original's "multiplier").
/// </summary>
public sealed record AnalysisWindow(long FromNs, long ToNs, double Multiplier)
{
    public long LengthNs => ToNs - FromNs;

    /// <summary>
    /// The windows of several captures analysed together: from <paramref name="fromMs"/> for
    /// <paramref name="capMs"/> msec, or to the end of the shortest capture.
    /// </summary>
    /// <param name="captureEndsNs">Time of the last event of each capture.</param>
    public static IReadOnlyList<AnalysisWindow> For(IReadOnlyList<long> captureEndsNs, long? fromMs, long? capMs)
    {
        ArgumentNullException.ThrowIfNull(captureEndsNs);
        var shortest = captureEndsNs.Min();
        var from = (fromMs ?? 0) * 1_000_000;
        if (fromMs < 0 || capMs <= 0)
        {
            throw new PerfwhizException("--from must be 0 or more and --cap more than 0 msec");
        }

        if (from > 0 && from >= shortest)
        {
            throw new PerfwhizException($"--from {fromMs} msec is beyond the end of the shortest capture ({shortest / 1_000_000} msec)");
        }

        var to = capMs is null ? shortest : from + (capMs.Value * 1_000_000);
        return [.. captureEndsNs.Select(end => new AnalysisWindow(from, to, to > end && end > from ? (double)(to - from) / (end - from) : 1.0))];
    }

    public bool Contains(long timeNs) => timeNs >= FromNs && timeNs <= ToNs;

    /// <summary>The rows of a time-sorted column that fall in the window.</summary>
    public (int Start, int End) RowsOf(ReadOnlySpan<long> sortedTimes)
    {
        return (LowerBound(sortedTimes, FromNs), LowerBound(sortedTimes, ToNs == long.MaxValue ? ToNs : ToNs + 1));
    }

    private static int LowerBound(ReadOnlySpan<long> sorted, long value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
