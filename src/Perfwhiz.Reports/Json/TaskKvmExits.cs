namespace Perfwhiz.Reports.Json;

/// <summary>One task's KVM exit counts, one per reason of the report, and their total.</summary>
public sealed record TaskKvmExits(string Task, string Run, IReadOnlyList<long> Counts, long Total);
