namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// Compares each metric of each task between a base run and another run: the change, its
/// confidence interval from a circular block bootstrap over each run's time slices (both runs
/// resampled independently; the interval is the percentile interval of the resampled differences)
/// and a verdict. Tasks are matched by name.
/// </summary>
public static class RunComparison
{
    /// <param name="exitReasonName">The name of a KVM exit reason code, for <c>kvm.exit.&lt;reason&gt;</c>.</param>
    public static RunChanges Compare(RunSlices baseRun, RunSlices otherRun, ComparisonSettings settings, Func<uint, string> exitReasonName)
    {
        ArgumentNullException.ThrowIfNull(baseRun);
        ArgumentNullException.ThrowIfNull(otherRun);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(exitReasonName);
        var baseBootstrap = new BlockBootstrap(baseRun.Slices, settings.Resamples, settings.Seed);
        var otherBootstrap = new BlockBootstrap(otherRun.Slices, settings.Resamples, settings.Seed + 1);
        var jobs = new List<(TaskSlices Base, TaskSlices Other, Metric Metric)>();
        foreach (var name in baseRun.Tasks.Keys.Where(otherRun.Tasks.ContainsKey).Order(StringComparer.Ordinal))
        {
            var (baseTask, otherTask) = (baseRun.Tasks[name], otherRun.Tasks[name]);
            jobs.AddRange(MetricsOf([baseTask, otherTask], exitReasonName).Select(metric => (baseTask, otherTask, metric)));
        }

        var changes = new MetricChange[jobs.Count];
        Parallel.For(0, jobs.Count, i =>
        {
            var (baseTask, otherTask, metric) = jobs[i];
            var baseSample = new Sample(baseRun, baseTask, metric, baseBootstrap);
            var otherSample = new Sample(otherRun, otherTask, metric, otherBootstrap);
            changes[i] = Change(baseTask.Name, metric, baseSample, otherSample, settings);
        });

        return new RunChanges(
            baseRun.Run.File,
            otherRun.Run.File,
            baseRun.Slices,
            otherRun.Slices,
            baseBootstrap.BlockLength,
            otherBootstrap.BlockLength,
            changes,
            [.. otherRun.Tasks.Keys.Where(name => !baseRun.Tasks.ContainsKey(name)).Order(StringComparer.Ordinal)],
            [.. baseRun.Tasks.Keys.Where(name => !otherRun.Tasks.ContainsKey(name)).Order(StringComparer.Ordinal)]);
    }

    /// <summary>The verdict on a change with its interval, by the metric's direction.</summary>
    public static Verdict Judge(Metric metric, double difference, double low, double high, double? changePercent, double minEffectPercent)
    {
        var significant = low > 0 || high < 0;
        var large = changePercent is not { } percent || Math.Abs(percent) >= minEffectPercent;
        if (!significant || !large || difference == 0)
        {
            return Verdict.Same;
        }

        return difference > 0 == metric.HigherIsWorse ? Verdict.Worse : Verdict.Better;
    }

    /// <summary>The metrics of a task seen as <paramref name="tasks"/> in the runs compared: the fixed ones, then the KVM exits of every reason any of them had.</summary>
    internal static IEnumerable<Metric> MetricsOf(IReadOnlyList<TaskSlices> tasks, Func<uint, string> exitReasonName)
    {
        for (var kind = MetricKind.Runtime; kind <= MetricKind.WakeupMax; kind++)
        {
            yield return new Metric(kind);
        }

        var reasons = tasks.SelectMany(task => task.ExitsByReason.Keys).Distinct().Order().ToList();
        if (reasons.Count > 0)
        {
            yield return new Metric(MetricKind.KvmExits);
            foreach (var reason in reasons.Select(code => new Metric(MetricKind.KvmExit, code, exitReasonName(code))).OrderBy(metric => metric.ExitReasonName, StringComparer.Ordinal))
            {
                yield return reason;
            }
        }
    }

    private static MetricChange Change(string task, Metric metric, Sample baseSample, Sample otherSample, ComparisonSettings settings)
    {
        var baseValue = baseSample.Point();
        var otherValue = otherSample.Point();
        if (double.IsNaN(baseValue) || double.IsNaN(otherValue))
        {
            return new MetricChange(task, metric, Known(baseValue), Known(otherValue), null, null, null, null, null, null, Verdict.Absent);
        }

        var difference = otherValue - baseValue;
        double? percent = baseValue == 0 ? (difference == 0 ? 0 : null) : difference / baseValue * 100;
        // A percentile with too few values beyond it in either run (the maximum always): its
        // resamples cannot show how far it could move, so no interval and no verdict.
        if (Math.Min(baseSample.ValueCount, otherSample.ValueCount) < metric.MinimumValues(settings.MinimumTailValues))
        {
            return new MetricChange(task, metric, baseValue, otherValue, difference, null, null, percent, null, null, Verdict.Same);
        }

        var resampled = new List<double>(settings.Resamples);
        for (var resample = 0; resample < settings.Resamples; resample++)
        {
            var delta = otherSample.Resampled(resample) - baseSample.Resampled(resample);
            if (!double.IsNaN(delta))
            {
                resampled.Add(delta);
            }
        }

        // Too few resamples with a value (a task seen in a slice or two): no interval, no verdict.
        if (resampled.Count < settings.Resamples / 2)
        {
            return new MetricChange(task, metric, baseValue, otherValue, difference, null, null, percent, null, null, Verdict.Same);
        }

        resampled.Sort();
        var tail = (1 - settings.Confidence) / 2;
        var low = resampled[(int)Math.Floor(tail * (resampled.Count - 1))];
        var high = resampled[(int)Math.Ceiling((1 - tail) * (resampled.Count - 1))];
        double? lowPercent = baseValue == 0 ? null : low / baseValue * 100;
        double? highPercent = baseValue == 0 ? null : high / baseValue * 100;
        var verdict = Judge(metric, difference, low, high, percent, settings.MinEffectPercent);
        return new MetricChange(task, metric, baseValue, otherValue, difference, low, high, percent, lowPercent, highPercent, verdict);
    }

    private static double? Known(double value) => double.IsNaN(value) ? null : value;

    /// <summary>One metric of one task of one run with the run's resamples: its value on all of it, or on a resample.</summary>
    private sealed class Sample(RunSlices run, TaskSlices task, Metric metric, BlockBootstrap bootstrap)
    {
        // A rate's amount per slice, as prefix sums (null for the other metrics).
        private readonly long[]? amounts = metric.Unit == MetricUnit.Nanoseconds ? null : SliceBlocks.Prefix(MetricValue.Amounts(task, metric));

        public int ValueCount => MetricValue.Count(task, metric);

        public double Point() => MetricValue.Of(run, task, metric);

        public double Resampled(int resample)
        {
            var blocks = bootstrap.Blocks(resample);
            return metric.Kind switch
            {
                MetricKind.SliceP50 => task.RunPerSwitch!.Quantile(0.50, blocks),
                MetricKind.SliceP95 => task.RunPerSwitch!.Quantile(0.95, blocks),
                MetricKind.WakeupP50 => task.Waits?.Quantile(0.50, blocks) ?? double.NaN,
                MetricKind.WakeupP95 => task.Waits?.Quantile(0.95, blocks) ?? double.NaN,
                MetricKind.WakeupP99 => task.Waits?.Quantile(0.99, blocks) ?? double.NaN,
                MetricKind.WakeupMax => task.Waits?.Max(bootstrap.Weights(resample)) ?? double.NaN,
                _ => Rate(blocks),
            };
        }

        // Rates are ratios of sums over the slices: run time in % of a core, events per second.
        private double Rate(SliceBlocks blocks)
        {
            var length = (double)blocks.Sum<long>(run.SliceLengthPrefix);
            var amount = (double)blocks.Sum<long>(amounts);
            return MetricValue.Rate(metric, amount, length);
        }
    }
}
