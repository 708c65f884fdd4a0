using Perfwhiz.Analyses;
using Perfwhiz.Analyses.Results;
using Perfwhiz.Captures.Table;
using Perfwhiz.Reports.Json;

namespace Perfwhiz.Dashboards;

/// <summary>The KVM exit reasons a heat maps document's series hold, named from the captures' kernels.</summary>
public static class HeatMapExitReasons
{
    public static IReadOnlyList<ExitReason> Of(DashboardDocument document, IEnumerable<CaptureInfo> captures)
    {
        ArgumentNullException.ThrowIfNull(document);
        var infos = captures.ToList();
        return [.. (document.Heatmaps ?? []).SelectMany(task => task.KvmExits.Values).Distinct().Order()
            .Select(code => new ExitReason((uint)code, ExitReasonNames.Of((uint)code, infos)))];
    }
}
