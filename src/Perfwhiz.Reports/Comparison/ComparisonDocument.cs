namespace Perfwhiz.Reports.Comparison;

/// <summary>The <c>perfmap --compare --json</c> document (docs/compare-json.md).</summary>
public sealed record ComparisonDocument(
    ComparisonMethodEntry Method,
    string Base,
    IReadOnlyList<ComparedRunEntry> Comparisons,
    IReadOnlyList<string> FailIf,
    bool Failed);
