using System.Text.Json;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// The heat maps page's whole-host CPU timeline in a real browser: its intervals read back equal
/// perfmap's JSON, the page opens on the busiest task, clicking a heat map point zooms every panel
/// to that moment and marks it, and a new task keeps the zoom window.
/// </summary>
[Trait("Kind", "browser")]
[Collection(BrowserCollection.Name)]
public sealed class TimelineDashboardTests(HeadlessChromium chromium, ITestOutputHelper log) : IDisposable
{
    private static readonly string[] SeriesNames = ["switches", "sleeps", "ioWaits", "kvmExits", "kvmEntries", "wakeupLatencies"];

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-timeline-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task TimelineEqualsTheDocumentAndFollowsClicks()
    {
        var files = DashboardFiles.Make(folder, ["qemu"], "-t", ".*vcpu", "--heatmaps", "--map", Infrastructure.Fixtures.Path("perf/qemu.map.csv"));
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);
        var timeline = files.Document.GetProperty("timeline");
        var cpus = timeline.GetProperty("cpus").EnumerateArray().ToList();
        Assert.NotEmpty(cpus);
        Assert.True(cpus.Sum(cpu => cpu.GetProperty("startsMs").GetArrayLength()) > 100);

        await AssertDecodedTimelineAsync(session, timeline, cpus);

        // It opens on the task with the most events, not the alphabetically first.
        var tasks = files.Document.GetProperty("heatmaps").EnumerateArray().ToList();
        var busiest = tasks.OrderByDescending(Events).First();
        Assert.Equal(busiest.GetProperty("events").GetInt32(), Events(busiest));
        var shown = await session.EvaluateAsync("async () => window.__perfwhiz.heatmap");
        Assert.Equal(busiest.GetProperty("task").GetString(), shown.GetProperty("task").GetString());
        Assert.True(shown.GetProperty("everyEventShown").GetBoolean());
        log.WriteLine(await session.ScreenshotAsync("timeline-full"));

        // Click the task's longest wait for a CPU: every panel zooms to it, the timeline marks it.
        var (startMs, waitUs) = await ClickLongestWaitAsync(session, busiest);
        var focused = await session.EvaluateAsync("async () => window.__perfwhiz.timeline");
        var mark = focused.GetProperty("mark");
        Assert.InRange(mark.GetProperty("fromMs").GetDouble(), startMs - 0.001, startMs + 0.001);
        Assert.InRange(mark.GetProperty("toMs").GetDouble(), startMs + (waitUs / 1000) - 0.001, startMs + (waitUs / 1000) + 0.001);
        Assert.Contains(busiest.GetProperty("task").GetString(), focused.GetProperty("highlighted").EnumerateArray().Select(name => name.GetString()));
        var axis = await session.EvaluateAsync("async () => window.__perfwhiz.charts.heatmaps.getModel().getComponent('xAxis', 4).axis.scale.getExtent()");
        var (axisFrom, axisTo) = (axis[0].GetDouble(), axis[1].GetDouble());
        Assert.InRange(axisFrom, startMs - (waitUs / 1000) - 0.06, startMs);
        Assert.InRange(axisTo, startMs + (waitUs / 1000), startMs + (2 * waitUs / 1000) + 0.06);
        log.WriteLine(await session.ScreenshotAsync("timeline-focused"));

        // The timeline's tooltip names what ran, before and after, and the wakeup.
        var tooltip = await TooltipOfFirstBarAsync(session);
        Assert.Contains("tid", tooltip, StringComparison.Ordinal);
        Assert.Contains("before:", tooltip, StringComparison.Ordinal);

        // Another task keeps the zoom window: the same instant, compared across vCPUs.
        var other = tasks.FindIndex(task => task.GetProperty("task").GetString() != busiest.GetProperty("task").GetString());
        var after = await session.EvaluateAsync("async (index) => { await window.__perfwhiz.selectTask(index); return window.__perfwhiz.heatmap; }", other);
        Assert.Equal(focused.GetProperty("range")[0].GetDouble(), after.GetProperty("range")[0].GetDouble(), 6);
        Assert.Equal(focused.GetProperty("range")[1].GetDouble(), after.GetProperty("range")[1].GetDouble(), 6);
        log.WriteLine(await session.ScreenshotAsync("timeline-other-task"));
        await session.AssertCleanAsync();
    }

    private static async Task AssertDecodedTimelineAsync(DashboardSession session, JsonElement timeline, List<JsonElement> cpus)
    {
        var decoded = await session.EvaluateAsync("""
            async () => (await window.__perfwhiz.readTimeline()).map((row) => ({ cpu: row.cpu, startsMs: Array.from(row.startsMs),
                durationsUs: Array.from(row.durationsUs), threads: Array.from(row.threads), wakers: Array.from(row.wakers), waitsUs: Array.from(row.waitsUs) }))
            """).ConfigureAwait(false);
        Assert.Equal(cpus.Count, decoded.GetArrayLength());
        for (var c = 0; c < cpus.Count; c++)
        {
            AssertCpu(cpus[c], decoded[c]);
        }

        var threads = await session.EvaluateAsync("async () => window.__perfwhiz.document.timeline.threads").ConfigureAwait(false);
        Assert.Equal(
            timeline.GetProperty("threads").EnumerateArray().Select(t => (t.GetProperty("task").GetString(), t.GetProperty("tid").GetInt32())),
            threads.EnumerateArray().Select(t => (t.GetProperty("task").GetString(), t.GetProperty("tid").GetInt32())));
    }

    /// <summary>Clicks the task's longest wait for a CPU on its heat map, as a user would; returns its start and length.</summary>
    private static async Task<(double StartMs, double WaitUs)> ClickLongestWaitAsync(DashboardSession session, JsonElement task)
    {
        var waits = task.GetProperty("wakeupLatencies");
        var longest = Enumerable.Range(0, waits.GetProperty("durationsUs").GetArrayLength()).MaxBy(i => waits.GetProperty("durationsUs")[i].GetDouble());
        var (startMs, waitUs) = (waits.GetProperty("timesMs")[longest].GetDouble(), waits.GetProperty("durationsUs")[longest].GetDouble());
        var point = await session.EvaluateAsync("""
            async ([time, duration]) => {
                const chart = window.__perfwhiz.charts.heatmaps;
                const [x, y] = chart.convertToPixel({ xAxisIndex: 3, yAxisIndex: 3 }, [time, Math.max(duration, 0.1)]);
                window.scrollTo(0, chart.getDom().getBoundingClientRect().top + window.scrollY + y - 300);
                const box = chart.getDom().getBoundingClientRect();
                return { x: box.left + x, y: box.top + y };
            }
            """, new[] { startMs, waitUs }).ConfigureAwait(false);
        await session.Page.Mouse.ClickAsync((float)point.GetProperty("x").GetDouble(), (float)point.GetProperty("y").GetDouble()).ConfigureAwait(false);
        await session.Page.WaitForFunctionAsync("() => window.__perfwhiz.timeline.mark !== null").ConfigureAwait(false);
        await session.EvaluateAsync("async () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))).then(() => true)").ConfigureAwait(false);
        return (startMs, waitUs);
    }

    /// <summary>The text of the tooltip of the timeline's first drawn interval.</summary>
    internal static async Task<string> TooltipOfFirstBarAsync(DashboardSession session, int thread = -1)
    {
        // Off the chart first: a pointer resting on a point would keep its own tooltip.
        await session.Page.Mouse.MoveAsync(1, 1).ConfigureAwait(false);
        return await session.Page.EvaluateAsync<string>("""
            async (thread) => {
                const chart = window.__perfwhiz.charts.heatmaps;
                const series = chart.getModel().getSeries().find((s) => s.id === 'timeline');
                const bars = window.__perfwhiz.timelineBars();
                const index = Math.max(0, bars.findIndex((bar) => thread < 0 || bar[4] === thread));
                chart.dispatchAction({ type: 'hideTip' });
                chart.dispatchAction({ type: 'showTip', seriesIndex: series.seriesIndex, dataIndex: index });
                await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
                return [...document.querySelectorAll('div')].filter((d) => d.style.position === 'absolute' && d.style.zIndex > 1000 || d.className.includes('tooltip'))
                    .map((d) => d.textContent).join('|');
            }
            """, thread).ConfigureAwait(false);
    }

    private static int Events(JsonElement task) =>
        SeriesNames.Sum(name => task.GetProperty(name).GetProperty("timesMs").GetArrayLength());

    private static void AssertCpu(JsonElement expected, JsonElement decoded)
    {
        Assert.Equal(expected.GetProperty("cpu").GetInt32(), decoded.GetProperty("cpu").GetInt32());
        var starts = Doubles(expected, "startsMs");
        var durations = Doubles(expected, "durationsUs");
        var waits = Doubles(expected, "waitsUs");
        Assert.Equal(starts.Count, decoded.GetProperty("startsMs").GetArrayLength());
        for (var i = 0; i < starts.Count; i++)
        {
            // To the µs the page carries them at.
            Assert.InRange(decoded.GetProperty("startsMs")[i].GetDouble(), starts[i] - 0.0005001, starts[i] + 0.0005001);
            Assert.InRange(decoded.GetProperty("durationsUs")[i].GetDouble(), durations[i] - 0.5001, durations[i] + 0.5001);
            Assert.InRange(decoded.GetProperty("waitsUs")[i].GetDouble(), waits[i] - 0.5001, waits[i] + 0.5001);
        }

        Assert.Equal(Ints(expected, "threads"), Ints(decoded, "threads"));
        Assert.Equal(Ints(expected, "wakers"), Ints(decoded, "wakers"));
    }

    private static List<int> Ints(JsonElement element, string name) => [.. element.GetProperty(name).EnumerateArray().Select(value => value.GetInt32())];

    private static List<double> Doubles(JsonElement element, string name) => [.. element.GetProperty(name).EnumerateArray().Select(value => value.GetDouble())];
}
