using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Cdict;

/// <summary>One row of an event table with its task names spelled out (null for NoTask).</summary>
internal readonly record struct EventRow(EventKind Kind, int Cpu, long TimeNs, int Pid, string? Task, long DurationNs, int NextPid, string? NextTask, uint ExitReason);
