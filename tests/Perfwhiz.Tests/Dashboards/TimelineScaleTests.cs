using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// The whole-host timeline of a million intervals: zoomed out it is summed per pixel column (every
/// interval counted, a bounded number of bars), zoomed in every interval is back; the page renders
/// and zooms in time.
/// </summary>
[Trait("Kind", "browser")]
[Collection(BrowserCollection.Name)]
public sealed class TimelineScaleTests(HeadlessChromium chromium, ITestOutputHelper log) : IDisposable
{
    private const int Cpus = 4;
    private const int IntervalsPerCpu = 250_000;
    private const long IntervalNs = 4_000;
    private const int Tasks = 50;

    // Generous beside the benchmark's targets (3 s first render, 300 ms a zoom step): the test
    // machine runs other builds meanwhile (a step took 370 ms to 1.1 s at a load of 20 on 2
    // cores); the figures are logged, and the median step is held to the limit.
    private const double RenderLimitMs = 9_000;
    private const double ZoomStepLimitMs = 1_000;

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-timeline-scale-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task AMillionIntervalsRenderSummedAndComeBackZoomedIn()
    {
        var cdict = Path.Combine(folder, "busy-host.cdict");
        CdictFile.Write(cdict, BusyHost());
        var files = DashboardFiles.MakeFromCdicts(folder, [cdict], "-t", "task-0.", "--heatmaps");
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);
        var renderMs = await session.Page.EvaluateAsync<double>("() => performance.now()");
        log.WriteLine($"first complete render: {renderMs:F0} ms");
        Assert.InRange(renderMs, 0, RenderLimitMs);

        var whole = await session.EvaluateAsync("async () => window.__perfwhiz.timeline");
        // Every switch's interval, and on each CPU but the last event's the task it switched in,
        // still running when the window ends (at that event, a few ns later).
        Assert.Equal((Cpus * IntervalsPerCpu) + Cpus - 1, whole.GetProperty("total").GetInt32());
        Assert.True(whole.GetProperty("thinned").GetBoolean());
        Assert.InRange(whole.GetProperty("drawn").GetInt32(), Cpus * 100, 24_000);
        log.WriteLine(await session.ScreenshotAsync("timeline-million"));

        // Wheel steps from the full range (real input events over the first heat map): each narrows
        // the range by the page's step and redraws within the limit.
        var plot = await session.EvaluateAsync("""
            () => {
                const chart = window.__perfwhiz.charts.heatmaps;
                const box = chart.getDom().getBoundingClientRect();
                const rect = chart.getModel().getComponent('grid', 0).coordinateSystem.getRect();
                return { x: box.left + rect.x + rect.width / 2, y: box.top + rect.y + rect.height / 2 };
            }
            """);
        await session.Page.Mouse.MoveAsync((float)plot.GetProperty("x").GetDouble(), (float)plot.GetProperty("y").GetDouble());
        var stepTimes = new List<double>();
        var widths = new List<double>();
        for (var step = 0; step < 4; step++)
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            await session.Page.Mouse.WheelAsync(0, -100);
            var shown = await session.EvaluateAsync("() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.__perfwhiz.heatmap.range)))))");
            stepTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
            widths.Add(shown[1].GetDouble() - shown[0].GetDouble());
        }

        log.WriteLine($"wheel steps: {string.Join(", ", stepTimes.Select(ms => $"{ms:F0} ms"))}; range widths {string.Join(", ", widths.Select(ms => $"{ms:F1} ms"))}");
        Assert.All(widths.Zip(widths.Skip(1)), pair => Assert.Equal(pair.First * 0.8, pair.Second, 6));
        var median = stepTimes.Order().ElementAt(stepTimes.Count / 2);
        Assert.InRange(median, 0, ZoomStepLimitMs);

        // 1 ms of the second, its ends inside intervals (not on their edges): every interval in it, each drawn whole.
        var zoomed = await session.EvaluateAsync("async () => { await window.__perfwhiz.zoom(500.002, 501.002); return window.__perfwhiz.timeline; }");
        var expected = Enumerable.Range(0, IntervalsPerCpu).Count(i => i * IntervalNs <= 501_002_000 && (i + 1) * IntervalNs >= 500_002_000) * Cpus;
        Assert.False(zoomed.GetProperty("thinned").GetBoolean());
        Assert.Equal(expected, zoomed.GetProperty("total").GetInt32());
        Assert.Equal(expected, zoomed.GetProperty("drawn").GetInt32());
        log.WriteLine(await session.ScreenshotAsync("timeline-million-zoomed"));
        await session.AssertCleanAsync();
    }

    // Four CPUs busy for 1 s with back-to-back 4 µs intervals of 50 tasks.
    private static Capture BusyHost()
    {
        var names = new TaskNames();
        var events = new EventTable(names);
        var tasks = Enumerable.Range(0, Tasks).Select(t => names.Intern($"task-{t:D2}")).ToArray();
        events.EnsureCapacity(Cpus * IntervalsPerCpu);
        static int TaskOf(int cpu, int interval) => ((interval * 7) + (cpu * 13)) % Tasks;
        for (var i = 0; i < IntervalsPerCpu; i++)
        {
            for (var cpu = 0; cpu < Cpus; cpu++)
            {
                var (task, next) = (TaskOf(cpu, i), TaskOf(cpu, i + 1));
                events.Add(EventKind.Switch, cpu, ((i + 1) * IntervalNs) + cpu, 1000 + task, tasks[task], IntervalNs, 1000 + next, tasks[next], 0, prevState: 0);
            }
        }

        return new Capture(events, new WakeupTable(), new CaptureInfo { CpuCount = Cpus, DurationNs = (IntervalsPerCpu + 1) * IntervalNs });
    }
}
