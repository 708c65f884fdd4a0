namespace Perfwhiz.Tests.Infrastructure;

/// <summary>The outcome of one <see cref="PerfTool.Run"/>: exit code and the non-empty lines of each stream.</summary>
public sealed record PerfRun(int ExitCode, IReadOnlyList<string> StdOut, IReadOnlyList<string> StdErr);
