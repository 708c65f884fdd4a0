namespace Perfwhiz.Reports.Json;

/// <summary>
/// The heat maps' whole-host timeline: the threads the intervals name (task and tid, sorted), and
/// per CPU what ran there in time order.
/// </summary>
public sealed record CpuTimeline(IReadOnlyList<TimelineThread> Threads, IReadOnlyList<CpuTimelineRow> Cpus);
