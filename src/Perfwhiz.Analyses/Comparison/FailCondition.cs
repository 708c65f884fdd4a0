using System.Globalization;
using System.Text.RegularExpressions;

namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// A CI gate, <c>[TASK_RE:]METRIC (&gt;|&lt;) [+|-]NUMBER UNIT</c>: <c>wakeup.p99 &gt; +20%</c>,
/// <c>router.*:runtime &lt; -10%</c>, <c>wakeup.p95 &gt; +2ms</c>. A row fails when its change crosses
/// the threshold (in % of the base value, or in the metric's own unit: <c>ns us ms s</c> for
/// durations, <c>/s</c> for rates, <c>pp</c> (percentage points of a core) for run time) and its
/// verdict is <see cref="Verdict.Worse"/>.
/// </summary>
public sealed partial class FailCondition
{
    private readonly UserRegex? task;
    private readonly bool above;
    private readonly bool relative;
    private readonly double threshold;

    private FailCondition(string text, UserRegex? task, string metric, bool above, bool relative, double threshold)
    {
        Text = text;
        this.task = task;
        Metric = metric;
        this.above = above;
        this.relative = relative;
        this.threshold = threshold;
    }

    /// <summary>The condition as the user wrote it.</summary>
    public string Text { get; }

    public string Metric { get; }

    /// <summary>Reads a condition; throws a <see cref="PerfwhizException"/> that says what is wrong.</summary>
    public static FailCondition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Grammar().Match(text);
        if (!match.Success)
        {
            throw new PerfwhizException($"--fail-if '{text}': expected [TASK_RE:]METRIC > or < a signed number with % or a unit, e.g. 'wakeup.p99 > +20%' or 'router.*:runtime < -10%'");
        }

        var metric = match.Groups["metric"].Value;
        if (!Comparison.Metric.IsValidName(metric))
        {
            throw new PerfwhizException($"--fail-if '{text}': unknown metric '{metric}'; metrics: {string.Join(", ", Comparison.Metric.FixedNames)}, kvm.exit.<reason>");
        }

        var number = double.Parse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var unit = match.Groups["unit"].Value;
        var isRelative = unit == "%";
        var limit = isRelative ? number : number * UnitScale(text, metric, unit);
        var taskRegex = match.Groups["task"].Success ? UserRegex.Compile(match.Groups["task"].Value, "--fail-if task regex") : null;
        return new FailCondition(text, taskRegex, metric, match.Groups["op"].Value == ">", isRelative, limit);
    }

    /// <summary>Whether a row crosses this condition: its task and metric are the condition's, it is worse, and past the threshold.</summary>
    public bool FailedBy(MetricChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Verdict != Verdict.Worse || !string.Equals(change.Metric.Name, Metric, StringComparison.Ordinal)
            || (task is not null && !task.Match(change.Task).Success))
        {
            return false;
        }

        // A base of 0 makes any rise infinitely many %.
        var value = relative ? change.ChangePercent ?? (change.Difference > 0 ? double.PositiveInfinity : double.NegativeInfinity) : change.Difference;
        return above ? value > threshold : value < threshold;
    }

    private static double UnitScale(string text, string metric, string unit)
    {
        var expected = Comparison.Metric.UnitOf(metric);
        var scale = (unit, expected) switch
        {
            ("ns", MetricUnit.Nanoseconds) => 1,
            ("us" or "µs", MetricUnit.Nanoseconds) => 1e3,
            ("ms", MetricUnit.Nanoseconds) => 1e6,
            ("s", MetricUnit.Nanoseconds) => 1e9,
            ("/s", MetricUnit.PerSecond) => 1,
            ("pp", MetricUnit.PercentOfCore) => 1,
            _ => double.NaN,
        };
        if (double.IsNaN(scale))
        {
            var units = expected switch
            {
                MetricUnit.Nanoseconds => "ns, us, ms or s",
                MetricUnit.PerSecond => "/s",
                _ => "pp (percentage points of a core)",
            };
            throw new PerfwhizException($"--fail-if '{text}': {metric} takes % or {units}, not '{unit}'");
        }

        return scale;
    }

    [GeneratedRegex(@"^\s*(?:(?<task>.+):)?(?<metric>[A-Za-z0-9_.\-]+)\s*(?<op>[<>])\s*(?<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?<unit>%|ns|us|µs|ms|s|/s|pp)\s*$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Grammar();
}
