namespace Perfwhiz.Reports.Comparison;

/// <summary>One task's metric: values in <see cref="Unit"/>, null where absent.</summary>
public sealed record ChangeEntry(
    string Task,
    string Metric,
    string Unit,
    double? Base,
    double? Other,
    double? Difference,
    double? DifferenceLow,
    double? DifferenceHigh,
    double? ChangePercent,
    double? ChangeLowPercent,
    double? ChangeHighPercent,
    string Verdict,
    IReadOnlyList<string> Failed);
