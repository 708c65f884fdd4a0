using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// A task with more switches than a chart draws raw: zoomed out the heat map shows one point per
/// occupied pixel cell, each counting the events it stands for, zoomed in every switch again;
/// nothing is ever cut off, not even the last event, which µs rounding puts past the window's end.
/// </summary>
[Trait("Kind", "browser")]
[Collection(BrowserCollection.Name)]
public sealed class LevelOfDetailTests(HeadlessChromium chromium, ITestOutputHelper log) : IDisposable
{
    private const int Switches = 100_000;
    private const long PeriodNs = 10_000;

    // The capture's last event: on the page, to the µs, at 1000.000 ms, past the window's 999.9996.
    private const long LastNs = 999_999_600;

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-lod-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task ThinsDenseViewsAndShowsEveryPointZoomedIn()
    {
        var cdict = Path.Combine(folder, "dense.cdict");
        CdictFile.Write(cdict, Dense());
        var files = DashboardFiles.MakeFromCdicts(folder, [cdict], "-t", "busy", "--heatmaps");
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);

        var heatmap = await session.EvaluateAsync("async () => window.__perfwhiz.heatmap");
        var whole = heatmap.GetProperty("layers").GetProperty("switch");
        Assert.Equal(Switches + 1, whole.GetProperty("total").GetInt32());
        Assert.True(whole.GetProperty("thinned").GetBoolean());
        Assert.InRange(whole.GetProperty("drawn").GetInt32(), 1000, Switches / 2);
        Assert.False(heatmap.GetProperty("everyEventShown").GetBoolean());
        Assert.DoesNotContain("every event", await session.Page.Locator("#lod-info").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await session.Page.Locator("#density-legend").IsVisibleAsync());

        // Each drawn point counts the events of its cell: together, every switch.
        var counted = await session.EvaluateAsync("""
            async () => window.__perfwhiz.charts.heatmaps.getModel().getSeries().filter((s) => s.name === 'switch')
                .reduce((sum, s) => {
                    const data = s.getData();
                    for (let i = 0; i < data.count(); i++) sum += data.get('events', i);
                    return sum;
                }, 0)
            """);
        Assert.Equal(Switches + 1, counted.GetInt32());
        log.WriteLine(await session.ScreenshotAsync("dense-heatmaps"));

        // 5 ms of the 1 s window: 500 switches, every one drawn.
        var zoomed = (await session.EvaluateAsync("async () => window.__perfwhiz.zoom(500, 505)")).GetProperty("layers").GetProperty("switch");
        Assert.False(zoomed.GetProperty("thinned").GetBoolean());
        Assert.InRange(zoomed.GetProperty("drawn").GetInt32(), 499, 501);
        Assert.Equal(zoomed.GetProperty("total").GetInt32(), zoomed.GetProperty("drawn").GetInt32());
        Assert.Contains("every event in view shown", await session.Page.Locator("#lod-info").TextContentAsync(), StringComparison.Ordinal);
        log.WriteLine(await session.ScreenshotAsync("dense-heatmaps-zoomed"));

        // The last millisecond: its 100 switches and the capture's last event.
        var end = (await session.EvaluateAsync("async () => window.__perfwhiz.zoom(999, 1000)")).GetProperty("layers").GetProperty("switch");
        Assert.Equal(101, end.GetProperty("drawn").GetInt32());
        await session.AssertCleanAsync();
    }

    // One thread switched out every 10 µs for 1 s, with run times spread over three decades.
    private static Capture Dense()
    {
        var names = new TaskNames();
        var events = new EventTable(names);
        var busy = names.Intern("busy");
        for (var i = 0; i < Switches; i++)
        {
            events.Add(EventKind.Switch, i % 2, i * PeriodNs, 100, busy, 1_000 + (i * 7919 % 1_000_000), 0, EventTable.NoTask, 0, prevState: 0);
        }

        events.Add(EventKind.Switch, 0, LastNs, 100, busy, 1_000, 0, EventTable.NoTask, 0, prevState: 0);

        return new Capture(events, new WakeupTable(), new CaptureInfo { CpuCount = 2, DurationNs = Switches * PeriodNs });
    }
}
