namespace Perfwhiz.Captures.Table;

/// <summary>A span of capture time in nanoseconds since the first event.</summary>
public readonly record struct TimeRange(long StartNs, long EndNs);
