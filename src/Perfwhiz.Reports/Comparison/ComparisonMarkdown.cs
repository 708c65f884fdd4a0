using System.Globalization;
using Perfwhiz.Analyses.Comparison;

namespace Perfwhiz.Reports.Comparison;

/// <summary>The comparison as Markdown tables, one per compared run, to paste into a pull-request comment.</summary>
public static class ComparisonMarkdown
{
    public static void Write(TextWriter output, ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        var settings = report.Settings;
        for (var i = 0; i < report.Runs.Count; i++)
        {
            var run = report.Runs[i];
            var failures = report.Failures[i];
            if (i > 0)
            {
                output.WriteLine();
            }

            output.WriteLine($"### {Cell(run.OtherFile)} vs {Cell(run.BaseFile)} (base)");
            output.WriteLine();
            output.WriteLine(Counts(run.Changes, failures));
            output.WriteLine();
            output.WriteLine($"| task | metric | base | other | change | {settings.Confidence * 100:0} % interval | verdict |");
            output.WriteLine("|---|---|--:|--:|--:|--:|---|");
            for (var row = 0; row < run.Changes.Count; row++)
            {
                output.WriteLine(Row(run.Changes[row], failures[row]));
            }

            output.WriteLine();
            if (run.Added.Count > 0)
            {
                output.WriteLine($"Added (only in {Cell(run.OtherFile)}): {string.Join(", ", run.Added.Select(Cell))}");
            }

            if (run.Removed.Count > 0)
            {
                output.WriteLine($"Removed (only in {Cell(run.BaseFile)}): {string.Join(", ", run.Removed.Select(Cell))}");
            }

            output.WriteLine(Method(settings, run));
        }
    }

    private static string Method(ComparisonSettings settings, RunChanges run)
    {
        var rules = string.Create(CultureInfo.InvariantCulture, $"changes under {settings.MinEffectPercent:0.#} % are same, as are percentiles with fewer than {settings.MinimumTailValues} values beyond them in a run (no interval) and the maximum.");
        return settings.Repeats == 1
            ? string.Create(CultureInfo.InvariantCulture, $"Method: circular block bootstrap over {settings.SliceNs / 1e6:0} ms slices ({run.BaseSlices} and {run.OtherSlices} slices, blocks of {run.BaseBlockLength} and {run.OtherBlockLength}), {settings.Resamples} resamples, seed {settings.Seed}; one run each: the interval holds the variation within each run, not between runs (--repeats); {rules}")
            : string.Create(CultureInfo.InvariantCulture, $"Method: {settings.Repeats} runs each, values are their geometric means, Welch's t interval of their ratio from the runs' values on the log scale (it holds the variation between runs; arithmetic means and their difference where a run has 0); {rules}");
    }

    private static string Counts(IReadOnlyList<MetricChange> changes, IReadOnlyList<string>[] failures)
    {
        int Of(Verdict verdict) => changes.Count(change => change.Verdict == verdict);
        var failed = failures.Count(conditions => conditions.Count > 0);
        return $"{changes.Count} rows: {Of(Verdict.Worse)} worse, {Of(Verdict.Better)} better, {Of(Verdict.Same)} same, {Of(Verdict.Absent)} absent"
            + (failed > 0 ? $"; **{failed} failed the gate**" : string.Empty);
    }

    private static string Row(MetricChange change, IReadOnlyList<string> failed)
    {
        var unit = change.Metric.Unit;
        var verdict = change.Verdict switch
        {
            Verdict.Worse => "**worse**",
            Verdict.Better => "better",
            Verdict.Absent => "absent",
            _ => "same",
        };
        if (failed.Count > 0)
        {
            verdict += $" ❌ FAIL `{string.Join("`, `", failed.Select(Cell))}`";
        }

        return $"| {Cell(change.Task)} | {change.Metric.Name} | {ComparisonUnits.Value(change.Base, unit)} | {ComparisonUnits.Value(change.Other, unit)} | {ChangeText(change)} | {Interval(change)} | {verdict} |";
    }

    private static string ChangeText(MetricChange change) => (change.ChangePercent, change.Difference) switch
    {
        ({ } percent, _) => ComparisonUnits.Percent(percent),
        (null, { } difference) => $"{ComparisonUnits.Difference(difference, change.Metric.Unit)} (from 0)",
        _ => "—",
    };

    private static string Interval(MetricChange change)
    {
        if (change.ChangeLowPercent is { } low && change.ChangeHighPercent is { } high)
        {
            return string.Create(CultureInfo.InvariantCulture, $"[{low:+0.0;-0.0;0.0}, {high:+0.0;-0.0;0.0}] %");
        }

        return change.DifferenceLow is { } lowDifference && change.DifferenceHigh is { } highDifference
            ? $"[{ComparisonUnits.Difference(lowDifference, change.Metric.Unit)}, {ComparisonUnits.Difference(highDifference, change.Metric.Unit)}]"
            : "—";
    }

    // Task names are the capture's: a pipe or a line break would break the table.
    private static string Cell(string text) => string.Concat(text.Select(c => c switch
    {
        '|' => "\\|",
        '`' => "'",
        _ when char.IsControl(c) => " ",
        _ => c.ToString(),
    }));
}
