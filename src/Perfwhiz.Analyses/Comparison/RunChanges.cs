namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// A run compared with the base run: every matched task's metrics, and the tasks only one of them
/// has. With repeated runs, a "run" is the set of them: the files joined by " + ", their slices
/// summed, and no bootstrap blocks (null).
/// </summary>
public sealed record RunChanges(
    string BaseFile,
    string OtherFile,
    int BaseSlices,
    int OtherSlices,
    int? BaseBlockLength,
    int? OtherBlockLength,
    IReadOnlyList<MetricChange> Changes,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed);
