namespace Perfwhiz.Reports.Comparison;

/// <summary>One run compared with the base.</summary>
public sealed record ComparedRunEntry(
    string Run, int BaseSlices, int RunSlices, int? BaseBlockSlices, int? RunBlockSlices,
    IReadOnlyList<ChangeEntry> Rows, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);
