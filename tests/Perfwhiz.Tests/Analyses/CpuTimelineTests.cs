using Perfwhiz.Analyses;
using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;
using Perfwhiz.Reports;

namespace Perfwhiz.Tests.Analyses;

/// <summary>
/// The whole-host timeline on a capture small enough to work out by hand: what ran where and when,
/// the wait each interval ended, who woke it, and the document's thread table and indexes; and the
/// heat maps' part of it, where each task was still running when the window ended.
/// </summary>
[Trait("Kind", "unit")]
public sealed class CpuTimelineTests
{
    private const long Ms = 1_000_000;
    private const int Sleeping = 1;

    // CPU 0: a runs to 10 ms and sleeps; b (first seen) runs to 20 ms, then the idle task.
    // At 12 ms, on CPU 0 (under b), a is woken; CPU 1: c runs to 15 ms, preempted by a, which runs
    // to 18 ms and sleeps; c is back, still running when the window ends at 20 ms.
    private static Capture Capture()
    {
        var names = new TaskNames();
        var events = new EventTable(names);
        int a = names.Intern("a"), b = names.Intern("b"), c = names.Intern("c"), idle = names.Intern("swapper/0");
        events.Add(EventKind.Switch, 0, 10 * Ms, 10, a, 10 * Ms, 20, b, 0, Sleeping);
        events.Add(EventKind.Switch, 1, 15 * Ms, 30, c, 15 * Ms, 10, a, 0, 0);
        events.Add(EventKind.Switch, 1, 18 * Ms, 10, a, 3 * Ms, 30, c, 0, Sleeping);
        events.Add(EventKind.Switch, 0, 20 * Ms, 20, b, 10 * Ms, 0, idle, 0, Sleeping);
        var wakeups = new WakeupTable();
        wakeups.Add(WakeupKind.Wakeup, 12 * Ms, 0, 10, a, 1);
        return new Capture(events, wakeups, new CaptureInfo { CpuCount = 2, DurationNs = 20 * Ms });
    }

    [Fact]
    public void IntervalsCarryTheirWaitAndTheTaskThatWokeThem()
    {
        var capture = Capture();
        var run = new Run("run.cdict", "run", capture, TaskKeys.Build(capture, new TaskNaming()), new AnalysisWindow(0, 20 * Ms, 1.0));

        var cpus = CpuTimelineAnalysis.Compute(run);

        Assert.Equal(2, cpus.Count);
        Assert.Equal([0L, 10 * Ms], cpus[0].StartsNs.ToArray());
        Assert.Equal([10 * Ms, 10 * Ms], cpus[0].DurationsNs.ToArray());
        Assert.Equal([10, 20], cpus[0].Tids.ToArray()); // the idle task's time is a gap
        // a's switch in is before the capture: no wait; b first seen: perf's wait of 0, no waker.
        Assert.Equal([CpuIntervals.NoWait, 0L], cpus[0].WaitsNs.ToArray());
        Assert.Equal([TaskKeys.None, TaskKeys.None], cpus[0].WakerKeys.ToArray());

        Assert.Equal([0L, 15 * Ms, 18 * Ms], cpus[1].StartsNs.ToArray());
        Assert.Equal([15 * Ms, 3 * Ms, 2 * Ms], cpus[1].DurationsNs.ToArray()); // c: to the window's end
        Assert.Equal([30, 10, 30], cpus[1].Tids.ToArray());
        // a waited from its wakeup at 12 ms to 15 ms; b was on the CPU that recorded the wakeup.
        // c, preempted at 15 ms, waited 3 ms for the CPU, woken by no one.
        Assert.Equal([CpuIntervals.NoWait, 3 * Ms, 3 * Ms], cpus[1].WaitsNs.ToArray());
        Assert.Equal(TaskKeys.None, cpus[1].WakerKeys[2]);
        Assert.Equal("b", run.Keys.Name(cpus[1].WakerKeys[1]));
        Assert.Equal(20, cpus[1].WakerTids[1]);
    }

    [Fact]
    public void TheDocumentNamesThreadsOnceAndPointsIntoThem()
    {
        var capture = Capture();
        var run = new Run("run.cdict", "run", capture, TaskKeys.Build(capture, new TaskNaming()), new AnalysisWindow(0, 20 * Ms, 1.0));

        var timeline = DashboardBuilder.Build([run], [[.. Enumerable.Repeat(true, run.Keys.Count)]], heatmaps: true, "label", ".*").Timeline!;

        Assert.Equal([("a", 10), ("b", 20), ("c", 30)], timeline.Threads.Select(thread => (thread.Task, thread.Tid)));
        var cpu1 = timeline.Cpus[1];
        Assert.Equal([0.0, 15.0, 18.0], cpu1.StartsMs);
        Assert.Equal([15_000.0, 3_000.0, 2_000.0], cpu1.DurationsUs);
        Assert.Equal([2, 0, 2], cpu1.Threads);
        Assert.Equal([-1.0, 3_000.0, 3_000.0], cpu1.WaitsUs);
        Assert.Equal([-1, 1, -1], cpu1.Wakers);
    }

    [Fact]
    public void HeatMapsShowWhereATaskStillRunsWhenTheWindowEnds()
    {
        var capture = Capture();
        var run = new Run("run.cdict", "run", capture, TaskKeys.Build(capture, new TaskNaming()), new AnalysisWindow(0, 20 * Ms, 1.0));
        bool[] Only(string task) => [.. run.Keys.Keys.Select(key => run.Keys.Name(key) == task)];

        // c, switched in on CPU 1 at 18 ms, runs to the window's end; a and b were switched out, and
        // the idle task that followed b is nobody's.
        var c = Assert.Single(HeatMapAnalysis.Compute(run, Only("c")));
        Assert.Equal([18 * Ms], c.StillRunning.TimesNs.ToArray());
        Assert.Equal([2 * Ms], c.StillRunning.DurationsNs.ToArray());
        Assert.Equal([1L], c.StillRunning.Values.ToArray());
        Assert.Equal(0, Assert.Single(HeatMapAnalysis.Compute(run, Only("a"))).StillRunning.Count);
        Assert.Equal(0, Assert.Single(HeatMapAnalysis.Compute(run, Only("b"))).StillRunning.Count);
    }
}
