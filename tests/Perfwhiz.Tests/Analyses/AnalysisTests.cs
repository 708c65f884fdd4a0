using Perfwhiz.Analyses;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;
using Perfwhiz.Reports;
using Perfwhiz.Reports.Json;

namespace Perfwhiz.Tests.Analyses;

/// <summary>
/// The analyses on small captures whose every figure can be worked out by hand, as the dashboard
/// document presents them (scaled, rounded, named), and the heat map facts as counted.
/// </summary>
[Trait("Kind", "unit")]
public sealed class AnalysisTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void CpuUsageIsRunTimeOverTheWindowAndCountsScaleWithTheMultiplier()
    {
        var capture = Build(
            (EventKind.Switch, 0, 100 * Ms, 10, "vm.vcpu0", 40 * Ms, 11, "idle"),
            (EventKind.Switch, 1, 150 * Ms, 10, "vm.vcpu0", 10 * Ms, 11, "idle"),
            (EventKind.Switch, 0, 200 * Ms, 20, "other", 5 * Ms, 10, "vm.vcpu0"));
        var run = Run(capture, new AnalysisWindow(0, 400 * Ms, 2.0));

        var usage = Charts(run).CpuUsage!;

        var vcpu = Assert.Single(usage, task => task.Task == "vm.vcpu0");
        Assert.Equal((25.0, 100.0, 4L), (vcpu.CpuPercent, vcpu.RunTimeMs, vcpu.Switches)); // (40+10)·2 of 400 ms
        Assert.Equal("other", usage[^1].Task);
    }

    [Fact]
    public void CoreMapShowsAtLeast32CoresWithPerCoreAndAllCoreTotals()
    {
        var capture = Build(
            (EventKind.Switch, 0, 100 * Ms, 10, "vm.vcpu0", 20 * Ms, 11, "x"),
            (EventKind.Switch, 3, 150 * Ms, 10, "vm.vcpu0", 30 * Ms, 11, "x"),
            (EventKind.Switch, 3, 190 * Ms, 20, "other", 10 * Ms, 10, "vm.vcpu0"));
        var run = Run(capture, new AnalysisWindow(0, 200 * Ms, 1.0));

        var map = Charts(run).CoreMaps![0];

        Assert.Equal(31, map.MaxCore);
        var vcpu = Assert.Single(map.Rows, row => row.Task == "vm.vcpu0");
        Assert.Equal([(0, 10.0, 1L), (3, 15.0, 1L)], vcpu.Cores.Select(cell => (cell.Core, cell.Percent, cell.Switches)));
        Assert.Equal((25.0, 2L), (vcpu.AllCores.Percent, vcpu.AllCores.Switches));
        Assert.Equal([(0, 10.0, 1L), (3, 20.0, 2L)], map.AllTasks.Cores.Select(cell => (cell.Core, cell.Percent, cell.Switches)));
        Assert.Equal((1L, 1L), (map.MinSwitches, map.MaxSwitches));
    }

    [Fact]
    public void TheIdleTaskIsNeitherChargedCpuUsageNorPlacedOnTheCoreMap()
    {
        var capture = Build(
            (EventKind.Switch, 0, 100 * Ms, 0, "swapper/0", 90 * Ms, 10, "vm.vcpu0"),
            (EventKind.Switch, 0, 150 * Ms, 10, "vm.vcpu0", 50 * Ms, 0, "swapper/0"));
        var run = Run(capture, new AnalysisWindow(0, 200 * Ms, 1.0));

        var charts = Charts(run);

        Assert.Equal(["vm.vcpu0"], charts.CpuUsage!.Select(task => task.Task));
        Assert.Equal(["vm.vcpu0"], charts.CoreMaps![0].Rows.Select(row => row.Task));
        Assert.Equal(25.0, charts.CoreMaps[0].AllTasks.Cores[0].Percent);
    }

    [Fact]
    public void CoreMapGrowsPast32CoresWhenTheCaptureHasMore()
    {
        var capture = Build((EventKind.Switch, 47, 100 * Ms, 10, "a", Ms, 11, "b"));
        var run = Run(capture, new AnalysisWindow(0, 200 * Ms, 1.0));

        Assert.Equal(47, Charts(run).CoreMaps![0].MaxCore);
    }

    [Fact]
    public void KvmExitsAreCountedPerReasonAndNamedFromTheCaptureElseBuiltIn()
    {
        var capture = Build(
            (EventKind.KvmExit, 0, 1 * Ms, 10, "vm.vcpu0", 5, 0, null),
            (EventKind.KvmExit, 0, 2 * Ms, 10, "vm.vcpu0", 5, 48, null),
            (EventKind.KvmExit, 0, 3 * Ms, 10, "vm.vcpu0", 5, 48, null),
            (EventKind.KvmExit, 0, 4 * Ms, 10, "vm.vcpu0", 5, 0x400, null),
            (EventKind.KvmExit, 0, 5 * Ms, 10, "vm.vcpu0", 5, 9999, null));
        capture.Info.ExitReasonNames[48] = "EPT_VIOLATION_FROM_CAPTURE";
        var run = Run(capture, new AnalysisWindow(0, 10 * Ms, 1.5));

        var report = Charts(run).KvmExits!;

        Assert.Equal("EXCEPTION_NMI|EPT_VIOLATION_FROM_CAPTURE|npf|reason 9999", string.Join("|", report.Reasons.Select(reason => reason.Name)));
        var task = Assert.Single(report.Tasks);
        Assert.Equal([1L, 3L, 1L, 1L], task.Counts); // ×1.5, truncated as the original did
    }

    [Fact]
    public void DiffNamesTasksPerRunAndKeepsTheirRunsApart()
    {
        var first = Build((EventKind.KvmExit, 0, Ms, 10, "router.01.vcpu0", 5, 12, null));
        var second = Build((EventKind.KvmExit, 0, Ms, 77, "router.01.vcpu0", 5, 12, null), (EventKind.KvmExit, 0, 2 * Ms, 77, "router.01.vcpu0", 5, 12, null));
        var runs = new[] { Run(first, new AnalysisWindow(0, 5 * Ms, 1.0), "h1x216"), Run(second, new AnalysisWindow(0, 5 * Ms, 1.0), "h5x113") };

        var report = Charts(runs).KvmExits!;

        Assert.Equal([("router.01.vcpu0.h1x216", 1L), ("router.01.vcpu0.h5x113", 2L)], report.Tasks.Select(task => (task.Task, task.Total)));
    }

    [Fact]
    public void WakeupLatencyRunsFromWakeupOrPreemptionToSwitchIn()
    {
        var capture = Build(
            (EventKind.Switch, 0, 10 * Ms, 10, "worker", Ms, 20, "other"), // worker sleeps (prev_state S)
            (EventKind.Switch, 0, 30 * Ms, 20, "other", Ms, 10, "worker"), // in 10 ms after its wakeup
            (EventKind.Switch, 0, 40 * Ms, 10, "worker", Ms, 20, "other"), // preempted (R)
            (EventKind.Switch, 0, 44 * Ms, 20, "other", Ms, 10, "worker")); // in 4 ms later
        capture.Events.PrevState[0] = 1;
        capture.Events.PrevState[2] = 0x100;
        capture.Wakeups.Add(WakeupKind.Waking, 19 * Ms, 0, 10, capture.Names.Intern("worker"), 0);
        capture.Wakeups.Add(WakeupKind.Wakeup, 20 * Ms, 0, 10, capture.Names.Intern("worker"), 0);
        var run = Run(capture, new AnalysisWindow(0, 50 * Ms, 1.0));

        var worker = Assert.Single(Charts(run).WakeupLatency!, task => task.Task == "worker");

        Assert.Equal((2L, 7000.0, 10000.0, 20.0, 30.0), (worker.Count, worker.AverageUs, worker.MaxUs, worker.MaxStartMs, worker.MaxEndMs));
        Assert.Equal((4000.0, 10000.0), (worker.P50Us, worker.P99Us));
    }

    [Fact]
    public void HeatMapsKeepEveryEventOfTheSelectedTasks()
    {
        var capture = Build(
            (EventKind.Switch, 2, 10 * Ms, 10, "vm.vcpu0", 3 * Ms, 20, "x"),
            (EventKind.KvmExit, 2, 11 * Ms, 10, "vm.vcpu0", 1000, 30, null),
            (EventKind.KvmEntry, 2, 12 * Ms, 10, "vm.vcpu0", 2000, 0, null),
            (EventKind.Switch, 1, 13 * Ms, 20, "x", Ms, 10, "vm.vcpu0"));
        var run = Run(capture, new AnalysisWindow(0, 20 * Ms, 1.0));
        var selected = TaskSelection.Select(run, TaskFilter.Parse("vm"));

        var series = Assert.Single(HeatMapAnalysis.Compute(run, selected));

        Assert.Equal("vm.vcpu0", run.Keys.Name(series.Key));
        Assert.Equal([(10 * Ms, 3 * Ms, 2L)], Points(series.Switches));
        Assert.Equal([(11 * Ms, 1000L, 30L)], Points(series.KvmExits));
        Assert.Equal([(12 * Ms, 2000L, 0L)], Points(series.KvmEntries));
        Assert.Equal([(10 * Ms, 3 * Ms, 0L)], Points(series.WakeupLatencies)); // preempted at 10 ms (prev_state R), in again at 13
        Assert.Equal(0, series.Sleeps.Count + series.IoWaits.Count);
    }

    [Fact]
    public void HeatMapDocumentNamesTheExitReasonsItsSeriesHold()
    {
        var capture = Build(
            (EventKind.KvmExit, 0, 1 * Ms, 10, "vm.vcpu0", 5, 48, null),
            (EventKind.KvmExit, 0, 2 * Ms, 10, "vm.vcpu0", 5, 12, null));
        var run = Run(capture, new AnalysisWindow(0, 10 * Ms, 1.0));

        var document = DashboardBuilder.Build([run], [SelectAll(run)], heatmaps: true, "label", ".*");

        Assert.Equal([(12u, "HLT"), (48u, "EPT_VIOLATION")], document.KvmExits!.Reasons.Select(reason => (reason.Code, reason.Name)));
        Assert.Equal([1.0, 2.0], Assert.Single(document.Heatmaps!).KvmExits.TimesMs);
    }

    private static List<(long TimeNs, long DurationNs, long Value)> Points(Perfwhiz.Analyses.Results.EventSeries series)
    {
        var points = new List<(long, long, long)>();
        for (var i = 0; i < series.Count; i++)
        {
            points.Add((series.TimesNs[i], series.DurationsNs[i], series.Values[i]));
        }

        return points;
    }

    private static DashboardDocument Charts(params Run[] runs) =>
        DashboardBuilder.Build(runs, [.. runs.Select(SelectAll)], heatmaps: false, "label", ".*");

    private static Capture Build(params (EventKind Kind, int Cpu, long TimeNs, int Pid, string Task, long DurationNs, long Next, string? NextTask)[] rows)
    {
        var names = new TaskNames();
        var events = new EventTable(names);
        foreach (var row in rows)
        {
            var isSwitch = row.Kind == EventKind.Switch;
            events.Add(row.Kind, row.Cpu, row.TimeNs, row.Pid, names.Intern(row.Task), row.DurationNs,
                isSwitch ? (int)row.Next : EventTable.NoPid, row.NextTask is null ? EventTable.NoTask : names.Intern(row.NextTask),
                row.Kind == EventKind.KvmExit ? (uint)row.Next : 0);
        }

        return new Capture(events, new WakeupTable(), new CaptureInfo());
    }

    private static Run Run(Capture capture, AnalysisWindow window, string name = "run") =>
        new(name + ".cdict", name, capture, TaskKeys.Build(capture, new TaskNaming()), window);

    private static bool[] SelectAll(Run run) => Enumerable.Repeat(true, run.Keys.Count).ToArray();
}
