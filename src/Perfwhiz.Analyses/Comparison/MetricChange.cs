namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// How one metric of one task changed from the base run to another run: values in the metric's
/// unit (<see cref="Metric.Unit"/>), the difference (other - base) with its interval, and the same
/// in % of the base value (null when the base value is 0). Values are null where absent.
/// </summary>
public sealed record MetricChange(
    string Task,
    Metric Metric,
    double? Base,
    double? Other,
    double? Difference,
    double? DifferenceLow,
    double? DifferenceHigh,
    double? ChangePercent,
    double? ChangeLowPercent,
    double? ChangeHighPercent,
    Verdict Verdict);
