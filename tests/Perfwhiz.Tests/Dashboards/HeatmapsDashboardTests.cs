using System.Text.Json;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>The heat maps dashboard in a real browser, checked against perfmap's JSON document.</summary>
[Trait("Kind", "browser")]
[Collection(BrowserCollection.Name)]
public sealed class HeatmapsDashboardTests(HeadlessChromium chromium, ITestOutputHelper log) : IDisposable
{
    private static readonly string[] SeriesNames = ["switches", "sleeps", "ioWaits", "kvmExits", "kvmEntries", "wakeupLatencies"];

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-heatmaps-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("qemu", "vcpu0", "--map")]
    [InlineData("sched", "sched-messaging", null)]
    public async Task ShowsEveryEventOfEveryTaskAndZooms(string capture, string tasks, string? map)
    {
        string[] options = map is null ? ["-t", tasks, "--heatmaps"] : ["-t", $".*{tasks}", "--heatmaps", map, Infrastructure.Fixtures.Path("perf/qemu.map.csv")];
        var files = DashboardFiles.Make(folder, [capture], options);
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);
        var expected = files.Document.GetProperty("heatmaps").EnumerateArray().ToList();
        Assert.NotEmpty(expected);

        var shownTasks = await session.Page.Locator("#task-select option").AllTextContentsAsync();
        Assert.Equal(expected.Select(task => ShownNames.Of(task.GetProperty("task").GetString()!)), shownTasks);

        await AssertDecodedSeriesAsync(session, expected);

        // The busiest task is drawn whole: every switch, core span and wakeup latency.
        var first = expected.MaxBy(task => task.GetProperty("events").GetInt32());
        var drawn = await session.EvaluateAsync("async () => window.__perfwhiz.heatmap");
        Assert.Equal(first.GetProperty("task").GetString(), drawn.GetProperty("task").GetString());
        Assert.Equal(first.GetProperty("switches").GetProperty("timesMs").GetArrayLength(), Layer(drawn, "switch").GetProperty("drawn").GetInt32());
        Assert.Equal(first.GetProperty("switches").GetProperty("timesMs").GetArrayLength(), Layer(drawn, "core").GetProperty("total").GetInt32()); // a core span per switch
        Assert.Equal(first.GetProperty("wakeupLatencies").GetProperty("timesMs").GetArrayLength(), Layer(drawn, "wakeup latency").GetProperty("drawn").GetInt32());
        log.WriteLine(await session.ScreenshotAsync($"{capture}-heatmaps"));

        await AssertZoomAsync(session, files.Document, first);
        log.WriteLine(await session.ScreenshotAsync($"{capture}-heatmaps-zoomed"));

        // Toggling a legend entry hides that event type.
        var selected = await session.EvaluateAsync("""
            async () => {
                const chart = window.__perfwhiz.charts.heatmaps;
                chart.dispatchAction({ type: 'legendToggleSelect', name: 'wakeup latency' });
                return chart.getOption().legend[0].selected;
            }
            """);
        Assert.False(selected.GetProperty("wakeup latency").GetBoolean());

        await session.AssertCleanAsync();
    }

    private static async Task AssertDecodedSeriesAsync(DashboardSession session, List<JsonElement> expected)
    {
        // The page's binary series decode to the document's: times to the µs, durations to 0.1 µs.
        // Core spans are derived in the page from the switches: their start carries both roundings.
        for (var t = 0; t < expected.Count; t++)
        {
            var decoded = await session.EvaluateAsync("""
                async (index) => {
                    const series = await window.__perfwhiz.readSeries(index);
                    return Object.fromEntries(Object.entries(series).map(([name, s]) =>
                        [name, { timesMs: Array.from(s.timesMs), durationsUs: Array.from(s.durationsUs), values: Array.from(s.values) }]));
                }
                """, t).ConfigureAwait(false);
            foreach (var name in SeriesNames)
            {
                AssertSeries(expected[t].GetProperty(name), decoded.GetProperty(name), timeToleranceMs: 0.0005001);
            }

            // Where the task ran: each switch's run time, ending at the switch, on its core.
            var switches = expected[t].GetProperty("switches");
            var spans = JsonSerializer.SerializeToElement(new
            {
                timesMs = switches.GetProperty("timesMs").EnumerateArray().Zip(switches.GetProperty("durationsUs").EnumerateArray(), (time, duration) => time.GetDouble() - (duration.GetDouble() / 1000)),
                durationsUs = switches.GetProperty("durationsUs"),
                values = switches.GetProperty("values"),
            });
            AssertSeries(spans, decoded.GetProperty("coreSpans"), timeToleranceMs: 0.00055001);
        }
    }

    // Zoom into the middle of the window: exactly the switches inside are drawn, on every panel's axis.
    private static async Task AssertZoomAsync(DashboardSession session, JsonElement document, JsonElement first)
    {
        var window = document.GetProperty("window");
        var (from, to) = (window.GetProperty("fromMs").GetDouble(), window.GetProperty("toMs").GetDouble());
        var (zoomFrom, zoomTo) = (from + ((to - from) * 0.4), from + ((to - from) * 0.5));
        var zoomed = await session.EvaluateAsync("async ([from, to]) => window.__perfwhiz.zoom(from, to)", new[] { zoomFrom, zoomTo }).ConfigureAwait(false);
        var inside = first.GetProperty("switches").GetProperty("timesMs").EnumerateArray().Count(time => time.GetDouble() >= zoomFrom - 0.001 && time.GetDouble() <= zoomTo + 0.001);
        Assert.InRange(Layer(zoomed, "switch").GetProperty("drawn").GetInt32(), inside - 2, inside + 2);
        Assert.Equal(zoomFrom, zoomed.GetProperty("range")[0].GetDouble(), 3);
        var axes = await session.EvaluateAsync("""
            async () => {
                const chart = window.__perfwhiz.charts.heatmaps;
                return [0, 1, 2, 3].map((i) => chart.getModel().getComponent('xAxis', i).axis.scale.getExtent());
            }
            """).ConfigureAwait(false);
        // ECharts rounds a zoomed axis to a readable precision; the four panels share it exactly.
        var extents = axes.EnumerateArray().Select(extent => (extent[0].GetDouble(), extent[1].GetDouble())).ToList();
        Assert.All(extents, extent => Assert.Equal(extents[0], extent));
        Assert.InRange(extents[0].Item1, zoomFrom - ((to - from) / 1000), zoomFrom + ((to - from) / 1000));
        Assert.InRange(extents[0].Item2, zoomTo - ((to - from) / 1000), zoomTo + ((to - from) / 1000));
    }

    private static JsonElement Layer(JsonElement heatmap, string name) => heatmap.GetProperty("layers").GetProperty(name);

    private static void AssertSeries(JsonElement expected, JsonElement decoded, double timeToleranceMs)
    {
        var times = expected.GetProperty("timesMs").EnumerateArray().Select(value => value.GetDouble()).ToList();
        var durations = expected.GetProperty("durationsUs").EnumerateArray().Select(value => value.GetDouble()).ToList();
        var values = expected.GetProperty("values").EnumerateArray().Select(value => value.GetInt64()).ToList();
        var decodedTimes = decoded.GetProperty("timesMs").EnumerateArray().Select(value => value.GetDouble()).ToList();
        var decodedDurations = decoded.GetProperty("durationsUs").EnumerateArray().Select(value => value.GetDouble()).ToList();
        Assert.Equal(times.Count, decodedTimes.Count);
        for (var i = 0; i < times.Count; i++)
        {
            Assert.InRange(decodedTimes[i], times[i] - timeToleranceMs, times[i] + timeToleranceMs);
            Assert.InRange(decodedDurations[i], durations[i] - 0.05001, durations[i] + 0.05001);
        }

        Assert.Equal(values, decoded.GetProperty("values").EnumerateArray().Select(value => value.GetInt64()));
    }
}
