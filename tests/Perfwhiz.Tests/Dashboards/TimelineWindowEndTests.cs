using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// A task switched in and still running when the window ends has no switch out to end its interval:
/// the timeline and the task's temporal core map still draw it, from its switch in up to the
/// window's end, in full and zoomed in.
/// </summary>
[Trait("Kind", "browser")]
[Collection(BrowserCollection.Name)]
public sealed class TimelineWindowEndTests(HeadlessChromium chromium, ITestOutputHelper log) : IDisposable
{
    private const long Ms = 1_000_000;
    private const int LongTid = 200;

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-timeline-end-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task AnIntervalRunningAtTheWindowEndIsDrawnToIt()
    {
        await using var session = await OpenStillRunningPageAsync();

        // The last 50 ms: on CPU 0 only the long task, switched in at 900 ms, to the end at 1000 ms.
        await session.EvaluateAsync("async () => window.__perfwhiz.zoom(950, 1000)");
        var bars = await session.EvaluateAsync("""
            async () => {
                const state = window.__perfwhiz;
                const rows = await state.readTimeline();
                const threads = state.document.timeline.threads;
                return state.timelineBars().filter((bar) => rows[bar[2]].cpu === 0)
                    .map((bar) => ({ fromMs: bar[0], toMs: bar[1], tid: threads[bar[4]].tid }));
            }
            """);
        log.WriteLine(await session.ScreenshotAsync("timeline-running-at-end"));
        var bar = Assert.Single(bars.EnumerateArray());
        Assert.Equal(LongTid, bar.GetProperty("tid").GetInt32());
        Assert.Equal(900, bar.GetProperty("fromMs").GetDouble(), 3);
        Assert.Equal(1000, bar.GetProperty("toMs").GetDouble(), 3);
        await session.AssertCleanAsync();
    }

    [Fact]
    public async Task TheTemporalCoreMapShowsWhereTheTaskRunsAtTheWindowEnd()
    {
        await using var session = await OpenStillRunningPageAsync();

        var drawn = await session.EvaluateAsync("""
            async () => {
                const state = window.__perfwhiz;
                await state.selectTask(state.document.heatmaps.findIndex((task) => task.task === 'long'));
                const spans = (await state.readSeries(state.document.heatmaps.findIndex((task) => task.task === 'long'))).coreSpans;
                const view = await state.zoom(950, 1000);
                return { core: view.layers.core.total, starts: Array.from(spans.timesMs), ends: Array.from(spans.endsMs), cores: Array.from(spans.values) };
            }
            """);
        log.WriteLine(await session.ScreenshotAsync("core-map-running-at-end"));
        // Its 10 ms run ending at 20 ms, then from its switch in at 900 ms to the end, on core 0.
        Assert.Equal([10.0, 900.0], drawn.GetProperty("starts").EnumerateArray().Select(start => start.GetDouble()));
        Assert.Equal([20.0, 1000.0], drawn.GetProperty("ends").EnumerateArray().Select(end => end.GetDouble()));
        Assert.Equal([0, 0], drawn.GetProperty("cores").EnumerateArray().Select(core => core.GetInt32()));
        Assert.Equal(1, drawn.GetProperty("core").GetInt32());
        await session.AssertCleanAsync();
    }

    private Task<DashboardSession> OpenStillRunningPageAsync()
    {
        var cdict = Path.Combine(folder, "running.cdict");
        CdictFile.Write(cdict, StillRunning());
        var files = DashboardFiles.MakeFromCdicts(folder, [cdict], "-t", ".*", "--heatmaps");
        return DashboardSession.OpenAsync(chromium.Browser, files.Html);
    }

    // CPU 1: a ticker that runs 5 ms of every 10 until 1000 ms. CPU 0: the long task runs 10 ms,
    // sleeps, and is switched in again at 900 ms for good.
    private static Capture StillRunning()
    {
        var names = new TaskNames();
        var events = new EventTable(names);
        var (idle, ticker, longTask) = (names.Intern("swapper"), names.Intern("ticker"), names.Intern("long"));
        const int tickerTid = 100;
        void Tick(long timeNs) => events.Add(EventKind.Switch, 1, timeNs, tickerTid, ticker, 5 * Ms, 0, idle, 0, prevState: 1);
        for (var t = 10L; t <= 1000; t += 10)
        {
            if (t == 20)
            {
                events.Add(EventKind.Switch, 0, 20 * Ms, LongTid, longTask, 10 * Ms, 0, idle, 0, prevState: 1);
            }

            if (t == 900)
            {
                events.Add(EventKind.Switch, 0, 900 * Ms, 0, idle, 880 * Ms, LongTid, longTask, 0, prevState: 0);
            }

            Tick(t * Ms);
        }

        return new Capture(events, new WakeupTable(), new CaptureInfo { CpuCount = 2, DurationNs = 1000 * Ms });
    }
}
