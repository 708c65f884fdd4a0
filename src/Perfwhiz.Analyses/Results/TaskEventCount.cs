namespace Perfwhiz.Analyses.Results;

/// <summary>A thread of a task and how many events it has in the window (the <c>--list</c> line).</summary>
public sealed record TaskEventCount(int Tid, string Task, long Events);
