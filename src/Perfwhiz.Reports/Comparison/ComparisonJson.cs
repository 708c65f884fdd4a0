using System.Text.Json;
using Perfwhiz.Analyses.Comparison;

namespace Perfwhiz.Reports.Comparison;

/// <summary>The comparison as JSON (docs/compare-json.md), written atomically.</summary>
public static class ComparisonJson
{
    public static ComparisonDocument ToDocument(ComparisonReport report, IReadOnlyList<string> failIf)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(failIf);
        var settings = report.Settings;
        var method = new ComparisonMethodEntry(
            settings.Repeats == 1
                ? "circular block bootstrap over time slices, percentile interval of the difference"
                : "Welch's t interval over the repeated runs' values: of the ratio of geometric means (log scale), or of the difference of means where a run has 0",
            settings.SliceNs / 1e6,
            settings.Resamples,
            settings.Seed,
            settings.Confidence,
            settings.MinEffectPercent,
            settings.MinimumTailValues,
            settings.Repeats);
        var runs = report.Runs.Select((run, i) => new ComparedRunEntry(
            run.OtherFile,
            run.BaseSlices,
            run.OtherSlices,
            run.BaseBlockLength,
            run.OtherBlockLength,
            [.. run.Changes.Select((change, row) => Entry(change, report.Failures[i][row]))],
            run.Added,
            run.Removed)).ToList();
        return new ComparisonDocument(method, report.Runs.Count > 0 ? report.Runs[0].BaseFile : string.Empty, runs, failIf, report.Failed);
    }

    public static void WriteFile(string path, ComparisonDocument document) =>
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, document, ComparisonJsonContext.Default.ComparisonDocument));

    public static string ToText(ComparisonDocument document) => JsonSerializer.Serialize(document, ComparisonJsonContext.Default.ComparisonDocument);

    private static ChangeEntry Entry(MetricChange change, IReadOnlyList<string> failed) => new(
        change.Task,
        change.Metric.Name,
        ComparisonUnits.Name(change.Metric.Unit),
        change.Base,
        change.Other,
        change.Difference,
        change.DifferenceLow,
        change.DifferenceHigh,
        change.ChangePercent,
        change.ChangeLowPercent,
        change.ChangeHighPercent,
        change.Verdict.ToString().ToLowerInvariant(),
        failed);
}
