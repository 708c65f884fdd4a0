namespace Perfwhiz.Analyses.Comparison;

/// <summary>A metric of one task on the whole of a run: what a comparison's base and other values are.</summary>
public static class MetricValue
{
    /// <summary>The metric on the whole run; NaN when it has no value there (no wakeups, no waits).</summary>
    public static double Of(RunSlices run, TaskSlices task, Metric metric)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(task);
        return metric.Kind switch
        {
            MetricKind.SliceP50 => task.RunPerSwitch!.Quantile(0.50),
            MetricKind.SliceP95 => task.RunPerSwitch!.Quantile(0.95),
            MetricKind.WakeupP50 => task.Waits?.Quantile(0.50) ?? double.NaN,
            MetricKind.WakeupP95 => task.Waits?.Quantile(0.95) ?? double.NaN,
            MetricKind.WakeupP99 => task.Waits?.Quantile(0.99) ?? double.NaN,
            MetricKind.WakeupMax => task.Waits?.Max() ?? double.NaN,
            _ => Rate(metric, Sum(Amounts(task, metric)), Sum(run.SliceLengthNs)),
        };
    }

    /// <summary>The durations a percentile metric is read from (run times per switch, or waits).</summary>
    public static int Count(TaskSlices task, Metric metric)
    {
        ArgumentNullException.ThrowIfNull(task);
        return (metric.IsWakeup ? task.Waits?.Count : task.RunPerSwitch?.Count) ?? 0;
    }

    /// <summary>A rate's amount per slice: run time, switches or exits.</summary>
    public static ReadOnlySpan<long> Amounts(TaskSlices task, Metric metric)
    {
        ArgumentNullException.ThrowIfNull(task);
        return metric.Kind switch
        {
            MetricKind.Runtime => task.RunTimeNs,
            MetricKind.Switches => task.Switches,
            MetricKind.KvmExits => task.Exits,
            _ => task.ExitsByReason.TryGetValue(metric.ExitReason, out var counts) ? counts : new long[task.Switches.Length],
        };
    }

    /// <summary>Rates are ratios of sums over slices: run time in % of a core, events per second.</summary>
    public static double Rate(Metric metric, double amount, double lengthNs) =>
        amount / lengthNs * (metric.Kind == MetricKind.Runtime ? 100 : 1e9);

    private static long Sum(ReadOnlySpan<long> series)
    {
        var total = 0L;
        foreach (var value in series)
        {
            total += value;
        }

        return total;
    }
}
