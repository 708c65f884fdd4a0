namespace Perfwhiz.Reports.Json;

/// <summary>A thread of the timeline: its task's name and its tid.</summary>
public sealed record TimelineThread(string Task, int Tid);
