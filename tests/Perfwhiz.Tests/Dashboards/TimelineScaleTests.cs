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
        Assert.Equal(Cpus * IntervalsPerCpu, whole.GetProperty("total").GetInt32());
        Assert.True(whole.GetProperty("thinned").GetBoolean());
        Assert.InRange(whole.GetProperty("drawn").GetInt32(), Cpus * 100, 24_000);
        log.WriteLine(await session.ScreenshotAsync("timeline-million"));

        // Wheel steps from the full range: each redraws within the limit.
        var steps = await session.EvaluateAsync("""
            async () => {
                const chart = window.__perfwhiz.charts.heatmaps;
                const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
                const times = [];
                for (let step = 1; step <= 4; step++) {
                    const start = performance.now();
                    chart.dispatchAction({ type: 'dataZoom', dataZoomIndex: 0, start: step * 5, end: 100 - step * 5 });
                    await frame(); await frame(); await frame();
                    times.push({ ms: performance.now() - start, ...window.__perfwhiz.detailMs });
                }
                return times;
            }
            """);
        log.WriteLine($"zoom steps: {string.Join(", ", steps.EnumerateArray().Select(step => $"{step.GetProperty("ms").GetDouble():F0} ms (level of detail: heat maps {step.GetProperty("heatmaps").GetDouble():F0}, timeline {step.GetProperty("timeline").GetDouble():F0})"))}");
        var median = steps.EnumerateArray().Select(step => step.GetProperty("ms").GetDouble()).Order().ElementAt(steps.GetArrayLength() / 2);
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
