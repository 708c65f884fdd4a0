namespace Perfwhiz.Reports.Json;

/// <summary>One task's row of a core map.</summary>
public sealed record CoreMapRow(string Task, IReadOnlyList<CoreCell> Cores, CoreCell AllCores);
