namespace Perfwhiz.Perfmap;

/// <summary>Everything perfmap was asked to do, parsed from the command line.</summary>
public sealed record PerfmapOptions(
    IReadOnlyList<string> CdictFiles,
    string? Task,
    long? CapMs,
    long? FromMs,
    string? Label,
    string? MapCsv,
    string? OutputDir,
    bool Heatmaps,
    bool Headless,
    bool MergeSystemTasks,
    bool AppendTid,
    bool List,
    string? SuccessorsOf,
    string? Json)
{
    public ExportOptions Exports { get; init; } = ExportOptions.None;
}
