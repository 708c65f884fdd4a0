namespace Perfwhiz.Reports.Json;

/// <summary>
/// Which task ran how long on which core in one run: a row per task (cells only for the cores it
/// used), its all-cores total, and the all-tasks row per core. Cores shown: 0 to <see cref="MaxCore"/>.
/// </summary>
public sealed record CoreMap(string Run, int MaxCore, IReadOnlyList<CoreMapRow> Rows, CoreMapRow AllTasks, long MinSwitches, long MaxSwitches);
