namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// Compares a base and another configuration each captured several times (--repeats): each run's
/// value of a metric is one observation, the values shown are the means over each set of runs,
/// and the interval of the difference is Welch's t interval. Unlike the block bootstrap within one
/// run, the spread between the runs holds whatever changes from one capture to the next (the
/// machine's other work, which scheduling regime the workload settled in).
/// </summary>
public static class RepeatedRunComparison
{
    /// <param name="exitReasonName">The name of a KVM exit reason code, for <c>kvm.exit.&lt;reason&gt;</c>.</param>
    public static RunChanges Compare(IReadOnlyList<RunSlices> baseRuns, IReadOnlyList<RunSlices> otherRuns, ComparisonSettings settings, Func<uint, string> exitReasonName)
    {
        ArgumentNullException.ThrowIfNull(baseRuns);
        ArgumentNullException.ThrowIfNull(otherRuns);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(exitReasonName);
        if (baseRuns.Count < 2 || otherRuns.Count < 2)
        {
            throw new ArgumentException("repeated runs come two or more on each side", nameof(baseRuns));
        }

        var baseNames = Names(baseRuns);
        var otherNames = Names(otherRuns);
        var changes = new List<MetricChange>();
        foreach (var name in baseNames.Where(otherNames.Contains).Order(StringComparer.Ordinal))
        {
            var tasks = baseRuns.Concat(otherRuns).Select(run => run.Tasks.GetValueOrDefault(name)).OfType<TaskSlices>().ToList();
            changes.AddRange(RunComparison.MetricsOf(tasks, exitReasonName).Select(metric => Change(name, metric, baseRuns, otherRuns, settings)));
        }

        return new RunChanges(
            Files(baseRuns),
            Files(otherRuns),
            baseRuns.Sum(run => run.Slices),
            otherRuns.Sum(run => run.Slices),
            null,
            null,
            changes,
            [.. otherNames.Where(name => !baseNames.Contains(name)).Order(StringComparer.Ordinal)],
            [.. baseNames.Where(name => !otherNames.Contains(name)).Order(StringComparer.Ordinal)]);
    }

    private static HashSet<string> Names(IReadOnlyList<RunSlices> runs) => [.. runs.SelectMany(run => run.Tasks.Keys)];

    private static string Files(IReadOnlyList<RunSlices> runs) => string.Join(" + ", runs.Select(run => run.Run.File));

    private static MetricChange Change(string name, Metric metric, IReadOnlyList<RunSlices> baseRuns, IReadOnlyList<RunSlices> otherRuns, ComparisonSettings settings)
    {
        var baseValues = Values(name, metric, baseRuns);
        var otherValues = Values(name, metric, otherRuns);
        if (baseValues.Count == 0 || otherValues.Count == 0)
        {
            return new MetricChange(name, metric, Mean(baseValues), Mean(otherValues), null, null, null, null, null, null, Verdict.Absent);
        }

        var (baseMean, otherMean) = (baseValues.Average(), otherValues.Average());
        var difference = otherMean - baseMean;
        double? percent = baseMean == 0 ? (difference == 0 ? 0 : null) : difference / baseMean * 100;
        // Every run must have the values a percentile needs (a run without the task has none), and
        // each side two values to show a spread: else no interval, no verdict.
        var fewest = baseRuns.Concat(otherRuns).Min(run => run.Tasks.TryGetValue(name, out var task) ? MetricValue.Count(task, metric) : 0);
        if (fewest < metric.MinimumValues(settings.MinimumTailValues) || baseValues.Count < 2 || otherValues.Count < 2)
        {
            return new MetricChange(name, metric, baseMean, otherMean, difference, null, null, percent, null, null, Verdict.Same);
        }

        var (baseShare, otherShare) = (Variance(baseValues) / baseValues.Count, Variance(otherValues) / otherValues.Count);
        var error = Math.Sqrt(baseShare + otherShare);
        var halfWidth = 0.0;
        if (error > 0)
        {
            // Welch-Satterthwaite degrees of freedom.
            var degrees = Math.Pow(baseShare + otherShare, 2) / ((baseShare * baseShare / (baseValues.Count - 1)) + (otherShare * otherShare / (otherValues.Count - 1)));
            halfWidth = StudentT.Quantile(1 - ((1 - settings.Confidence) / 2), degrees) * error;
        }

        var (low, high) = (difference - halfWidth, difference + halfWidth);
        double? lowPercent = baseMean == 0 ? null : low / baseMean * 100;
        double? highPercent = baseMean == 0 ? null : high / baseMean * 100;
        var verdict = RunComparison.Judge(metric, difference, low, high, percent, settings.MinEffectPercent);
        return new MetricChange(name, metric, baseMean, otherMean, difference, low, high, percent, lowPercent, highPercent, verdict);
    }

    // One value per run with one: a task absent from a run ran 0 % there and switched 0 times, but
    // had no durations to take a percentile of.
    private static List<double> Values(string name, Metric metric, IReadOnlyList<RunSlices> runs)
    {
        var values = new List<double>(runs.Count);
        foreach (var run in runs)
        {
            var value = run.Tasks.TryGetValue(name, out var task) ? MetricValue.Of(run, task, metric) : (metric.Unit == MetricUnit.Nanoseconds ? double.NaN : 0);
            if (!double.IsNaN(value))
            {
                values.Add(value);
            }
        }

        return values;
    }

    private static double? Mean(List<double> values) => values.Count == 0 ? null : values.Average();

    private static double Variance(List<double> values)
    {
        var mean = values.Average();
        return values.Sum(value => (value - mean) * (value - mean)) / (values.Count - 1);
    }
}
