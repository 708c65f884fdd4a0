namespace Perfwhiz.Analyses.Results;

/// <summary>KVM exits per task and exit reason; <see cref="TaskKvmExits.Counts"/> follow <see cref="Reasons"/>.</summary>
public sealed record KvmExitReport(IReadOnlyList<ExitReason> Reasons, IReadOnlyList<TaskKvmExits> Tasks);
