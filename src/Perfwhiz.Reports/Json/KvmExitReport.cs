namespace Perfwhiz.Reports.Json;

/// <summary>KVM exits per task and exit reason; <see cref="TaskKvmExits.Counts"/> follow <see cref="Reasons"/>.</summary>
public sealed record KvmExitReport(IReadOnlyList<ExitReason> Reasons, IReadOnlyList<TaskKvmExits> Tasks);
