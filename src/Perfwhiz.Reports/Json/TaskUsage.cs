namespace Perfwhiz.Reports.Json;

/// <summary>
/// A task's run time as % of one core over the window, and how often it was switched out (in all,
/// and per second of the window).
/// <see cref="Task"/> is the name shown (with the run's name when several runs are compared);
/// <see cref="Name"/>, only then, the task's own name, which matches it across runs.
/// </summary>
public sealed record TaskUsage(string Task, string Run, double CpuPercent, double RunTimeMs, long Switches, double SwitchesPerSecond, string? Name = null);
