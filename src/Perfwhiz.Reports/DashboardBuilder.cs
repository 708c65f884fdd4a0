using System.Reflection;
using Perfwhiz.Analyses;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Reports.Json;

namespace Perfwhiz.Reports;

/// <summary>Runs the analyses of one dashboard over the runs and gathers them in one document.</summary>
public static class DashboardBuilder
{
    public static DashboardDocument Build(IReadOnlyList<Run> runs, IReadOnlyList<bool[]> selected, bool heatmaps, string label, string tasks)
    {
        var several = runs.Count > 1;
        var window = runs[0].Window;
        var description = new WindowDescription(window.FromNs / 1e6, window.ToNs / 1e6);
        var runDescriptions = runs.Select(Describe).ToList();
        if (heatmaps)
        {
            return new DashboardDocument(Version, DashboardDocument.HeatmapsKind, label, tasks, description, runDescriptions,
                null, null, null, null, HeatMapAnalysis.Compute(runs[0], selected[0]));
        }

        var perRun = Enumerable.Range(0, runs.Count);
        return new DashboardDocument(
            Version,
            DashboardDocument.ChartsKind,
            label,
            tasks,
            description,
            runDescriptions,
            [.. perRun.SelectMany(i => CpuUsageAnalysis.Compute(runs[i], selected[i], several))],
            KvmExitAnalysis.Compute(runs, selected),
            [.. perRun.Select(i => CoreMapAnalysis.Compute(runs[i], selected[i], several))],
            [.. perRun.SelectMany(i => WakeupLatencyAnalysis.Compute(runs[i], selected[i], several))],
            null);
    }

    private static string Version =>
        typeof(DashboardBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    private static RunDescription Describe(Run run)
    {
        var info = run.Capture.Info;
        return new RunDescription(run.ShortName, run.File, run.Window.Multiplier, info.DurationNs / 1e6, info.Host, info.Kernel,
            info.PerfVersion, info.CpuCount, info.LostEvents, info.AnnotationSource, info.Warnings);
    }
}
