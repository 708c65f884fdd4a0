namespace Perfwhiz.Analyses.Stats;

/// <summary>A TOTAL line: perf's run time and switches (of the lines with a wait perf counts), and the waits after a preemption.</summary>
public sealed record SchedLatencyTotal(long RuntimeNs, long Switches, DelaySum Preempted);
