namespace Perfwhiz.Analyses.Results;

/// <summary>A task's run time as % of one core over the window, and how often it was switched out.</summary>
public sealed record TaskUsage(string Task, string Run, double CpuPercent, double RunTimeMs, long Switches);
