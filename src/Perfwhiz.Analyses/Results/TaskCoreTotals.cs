namespace Perfwhiz.Analyses.Results;

/// <summary>A task's run time and switch-outs per core (index = core), as counted.</summary>
public sealed record TaskCoreTotals(int Key, long[] RunTimeNs, long[] Switches);
