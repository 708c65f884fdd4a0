using Perfwhiz.Reports.Comparison;

namespace Perfwhiz.Reports.Json;

/// <summary>
/// Everything one dashboard shows, as written by <c>perfmap --json</c> (schema: docs/dashboard-json.md).
/// The charts dashboard fills CPU usage, KVM exits, core maps and wakeup latency, and with several
/// runs <see cref="Changes"/>, the comparison of <c>perfmap --compare</c>; the heat maps dashboard
/// fills <see cref="Heatmaps"/> and the whole host's <see cref="Timeline"/>.
/// </summary>
public sealed record DashboardDocument(
    string Perfwhiz,
    string Kind,
    string Label,
    string Tasks,
    WindowDescription Window,
    IReadOnlyList<RunDescription> Runs,
    IReadOnlyList<TaskUsage>? CpuUsage,
    KvmExitReport? KvmExits,
    IReadOnlyList<CoreMap>? CoreMaps,
    IReadOnlyList<TaskWakeupLatency>? WakeupLatency,
    IReadOnlyList<TaskHeatMap>? Heatmaps,
    ComparisonDocument? Changes = null,
    CpuTimeline? Timeline = null)
{
    public const string ChartsKind = "charts";
    public const string HeatmapsKind = "heatmaps";
}
