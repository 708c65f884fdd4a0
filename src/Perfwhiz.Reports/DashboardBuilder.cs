using System.Reflection;
using Perfwhiz.Analyses;
using Perfwhiz.Analyses.Comparison;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Reports.Comparison;
using Perfwhiz.Reports.Json;

namespace Perfwhiz.Reports;

/// <summary>Runs the analyses of one dashboard over the runs and presents them in one document.</summary>
public static class DashboardBuilder
{
    public static DashboardDocument Build(IReadOnlyList<Run> runs, IReadOnlyList<bool[]> selected, bool heatmaps, string label, string tasks)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(selected);
        var present = new DashboardPresentation(runs);
        var window = runs[0].Window;
        var description = new WindowDescription(window.FromNs / 1e6, window.ToNs / 1e6);
        var runDescriptions = runs.Select(Describe).ToList();
        if (heatmaps)
        {
            // Every task's waits are measured once, for the heat maps and the timeline; the timeline
            // then reads the same run as the heat maps, on another core.
            var measuring = Task.Run(() => WakeupLatencyAnalysis.MeasureAll(runs[0]));
            var timeline = Task.Run(async () => CpuTimelineAnalysis.Compute(runs[0], await measuring.ConfigureAwait(false)));
            var series = DashboardPresentation.HeatMaps(runs[0], HeatMapAnalysis.Compute(runs[0], selected[0], measuring));
            return new DashboardDocument(Version, DashboardDocument.HeatmapsKind, label, tasks, description, runDescriptions,
                null, present.KvmExitReasons(series), null, null, series, Timeline: DashboardPresentation.Timeline(runs[0], timeline.GetAwaiter().GetResult()));
        }

        var perRun = Enumerable.Range(0, runs.Count).ToList();
        // Wakeup latency, the longest of the analyses, on another core while the others run; its
        // waits serve the Changes view of several runs too.
        var measured = perRun.Select(i => Task.Run(() => WakeupLatencyAnalysis.Measure(runs[i], selected[i]))).ToList();
        var latencies = perRun.Select(i => measured[i].ContinueWith(waits => WakeupLatencyAnalysis.Compute(runs[i], waits.Result), TaskScheduler.Default)).ToList();
        var cpuUsage = perRun.SelectMany(i => present.CpuUsage(runs[i], CpuUsageAnalysis.Compute(runs[i], selected[i]))).ToList();
        var kvmExits = present.KvmExits([.. perRun.Select(i => KvmExitAnalysis.Compute(runs[i], selected[i]))]);
        var coreMaps = perRun.Select(i => present.CoreMap(runs[i], CoreMapAnalysis.Compute(runs[i], selected[i]))).ToList();
        return new DashboardDocument(
            Version,
            DashboardDocument.ChartsKind,
            label,
            tasks,
            description,
            runDescriptions,
            cpuUsage,
            kvmExits,
            coreMaps,
            [.. perRun.SelectMany(i => present.WakeupLatency(runs[i], latencies[i].GetAwaiter().GetResult()))],
            null,
            runs.Count > 1 ? Changes(runs, selected, [.. measured.Select(waits => waits.GetAwaiter().GetResult())]) : null);
    }

    // What perfmap --compare prints for the same runs and tasks, with its defaults and no gate.
    private static ComparisonDocument Changes(IReadOnlyList<Run> runs, IReadOnlyList<bool[]> selected, IReadOnlyList<TaskWaits> measured) =>
        ComparisonJson.ToDocument(ComparisonReport.Compute(runs, selected, new ComparisonSettings(), [], CancellationToken.None, measured), []);

    private static string Version =>
        typeof(DashboardBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    private static RunDescription Describe(Run run)
    {
        var capture = run.Capture;
        var info = capture.Info;
        // A cdict of the original perfwhiz says neither how long it is nor when tasks were woken.
        var events = capture.Events;
        var durationNs = info.FormatVersion == 0 && events.Count > 0 ? events.TimeNs[events.Count - 1] : info.DurationNs;
        IReadOnlyList<string> warnings = capture.Wakeups.Count == 0 && !events.HasPrevState
            ? [.. info.Warnings, "no wakeups in this capture (a cdict of the original perfwhiz): wakeup latency cannot be measured"]
            : info.Warnings;
        return new RunDescription(run.ShortName, run.File, run.Window.Multiplier, durationNs / 1e6, info.Host, info.Kernel,
            info.PerfVersion, info.CpuCount, info.LostEvents, info.AnnotationSource, warnings);
    }
}
