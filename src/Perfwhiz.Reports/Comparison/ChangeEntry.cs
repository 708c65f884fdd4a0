using System.Text.Json.Serialization;

namespace Perfwhiz.Reports.Comparison;

/// <summary>
/// One task's metric: values in <see cref="Unit"/>, null where absent; written as null in every
/// document that carries it (the dashboard's leaves other nulls out), so absent never reads as missing.
/// </summary>
public sealed record ChangeEntry(
    string Task,
    string Metric,
    string Unit,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Base,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Other,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Difference,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? DifferenceLow,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? DifferenceHigh,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ChangePercent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ChangeLowPercent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ChangeHighPercent,
    string Verdict,
    IReadOnlyList<string> Failed);
