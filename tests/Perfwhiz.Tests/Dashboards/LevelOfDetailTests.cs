using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// A task with more switches than a chart draws raw: zoomed out the heat map shows one point per
/// occupied pixel cell, zoomed in every switch again; nothing is ever cut off.
/// </summary>
[Trait("Kind", "browser")]
[Collection(BrowserCollection.Name)]
public sealed class LevelOfDetailTests(HeadlessChromium chromium, ITestOutputHelper log) : IDisposable
{
    private const int Switches = 100_000;
    private const long PeriodNs = 10_000;

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-lod-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task ThinsDenseViewsAndShowsEveryPointZoomedIn()
    {
        var cdict = Path.Combine(folder, "dense.cdict");
        CdictFile.Write(cdict, Dense());
        var files = DashboardFiles.MakeFromCdicts(folder, [cdict], "-t", "busy", "--heatmaps");
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);

        var whole = (await session.EvaluateAsync("async () => window.__perfwhiz.heatmap")).GetProperty("layers").GetProperty("switch");
        Assert.Equal(Switches, whole.GetProperty("total").GetInt32());
        Assert.True(whole.GetProperty("thinned").GetBoolean());
        Assert.InRange(whole.GetProperty("drawn").GetInt32(), 1000, Switches / 2);
        log.WriteLine(await session.ScreenshotAsync("dense-heatmaps"));

        // 5 ms of the 1 s window: 500 switches, every one drawn.
        var zoomed = (await session.EvaluateAsync("async () => window.__perfwhiz.zoom(500, 505)")).GetProperty("layers").GetProperty("switch");
        Assert.False(zoomed.GetProperty("thinned").GetBoolean());
        Assert.InRange(zoomed.GetProperty("drawn").GetInt32(), 499, 501);
        Assert.Equal(zoomed.GetProperty("total").GetInt32(), zoomed.GetProperty("drawn").GetInt32());
        log.WriteLine(await session.ScreenshotAsync("dense-heatmaps-zoomed"));
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

        return new Capture(events, new WakeupTable(), new CaptureInfo { CpuCount = 2, DurationNs = Switches * PeriodNs });
    }
}
