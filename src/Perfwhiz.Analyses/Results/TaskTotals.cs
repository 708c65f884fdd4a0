namespace Perfwhiz.Analyses.Results;

/// <summary>A task's run time and switch-outs in a run's window, as counted (not scaled to the window).</summary>
public readonly record struct TaskTotals(int Key, long RunTimeNs, long Switches);
