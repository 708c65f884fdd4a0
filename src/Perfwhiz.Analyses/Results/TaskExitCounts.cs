namespace Perfwhiz.Analyses.Results;

/// <summary>A task's KVM exits per exit reason code, as counted.</summary>
public sealed record TaskExitCounts(int Key, IReadOnlyDictionary<uint, long> ByReason);
