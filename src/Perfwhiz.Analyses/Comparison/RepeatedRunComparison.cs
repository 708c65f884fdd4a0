namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// Compares a base and another configuration each captured several times (--repeats): each run's
/// value of a metric is one observation, the values shown are the geometric means over each set of
/// runs, and the interval of their ratio is Welch's t interval on the log scale (arithmetic means
/// and the interval of their difference when a run's value is 0). Unlike the block bootstrap within one
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

        // Performance figures vary between runs by factors, not by fixed amounts: compared on the
        // log scale (geometric means, an interval of their ratio) unless a run's value is 0.
        var logarithmic = baseValues.Concat(otherValues).All(value => value > 0);
        var scale = logarithmic ? (Func<double, double>)Math.Log : value => value;
        var unscale = logarithmic ? (Func<double, double>)Math.Exp : value => value;
        var (baseScaled, otherScaled) = (baseValues.ConvertAll(value => scale(value)), otherValues.ConvertAll(value => scale(value)));
        var (baseMean, otherMean) = (unscale(baseScaled.Average()), unscale(otherScaled.Average()));
        var difference = otherMean - baseMean;
        double? percent = baseMean == 0 ? (difference == 0 ? 0 : null) : difference / baseMean * 100;
        // Every run must have the values a percentile needs (a run without the task has none), and
        // each side two values to show a spread: else no interval, no verdict.
        var fewest = baseRuns.Concat(otherRuns).Min(run => run.Tasks.TryGetValue(name, out var task) ? MetricValue.Count(task, metric) : 0);
        if (fewest < metric.MinimumValues(settings.MinimumTailValues) || baseValues.Count < 2 || otherValues.Count < 2)
        {
            return new MetricChange(name, metric, baseMean, otherMean, difference, null, null, percent, null, null, Verdict.Same);
        }

        var (lowScaled, highScaled) = WelchInterval(baseScaled, otherScaled, settings.Confidence);
        // Back from the scale: the difference other - base at each end of the interval.
        var (low, high) = logarithmic ? (baseMean * double.ExpM1(lowScaled), baseMean * double.ExpM1(highScaled)) : (lowScaled, highScaled);
        double? lowPercent = baseMean == 0 ? null : low / baseMean * 100;
        double? highPercent = baseMean == 0 ? null : high / baseMean * 100;
        var verdict = RunComparison.Judge(metric, difference, low, high, percent, settings.MinEffectPercent);
        return new MetricChange(name, metric, baseMean, otherMean, difference, low, high, percent, lowPercent, highPercent, verdict);
    }

    /// <summary>Welch's t interval of mean(other) - mean(base), each side with two values or more.</summary>
    public static (double Low, double High) WelchInterval(IReadOnlyList<double> baseValues, IReadOnlyList<double> otherValues, double confidence)
    {
        ArgumentNullException.ThrowIfNull(baseValues);
        ArgumentNullException.ThrowIfNull(otherValues);
        var (baseShare, otherShare) = (Variance(baseValues) / baseValues.Count, Variance(otherValues) / otherValues.Count);
        var difference = otherValues.Average() - baseValues.Average();
        var error = Math.Sqrt(baseShare + otherShare);
        if (error == 0)
        {
            return (difference, difference);
        }

        // Welch-Satterthwaite degrees of freedom.
        var degrees = Math.Pow(baseShare + otherShare, 2) / ((baseShare * baseShare / (baseValues.Count - 1)) + (otherShare * otherShare / (otherValues.Count - 1)));
        var halfWidth = StudentT.Quantile(1 - ((1 - confidence) / 2), degrees) * error;
        return (difference - halfWidth, difference + halfWidth);
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

    // As the compared rows: geometric when every value is above 0.
    private static double? Mean(List<double> values) =>
        values.Count == 0 ? null : values.All(value => value > 0) ? Math.Exp(values.Average(Math.Log)) : values.Average();

    private static double Variance(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return values.Sum(value => (value - mean) * (value - mean)) / (values.Count - 1);
    }
}
