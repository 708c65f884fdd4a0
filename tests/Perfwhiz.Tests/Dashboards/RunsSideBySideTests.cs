using System.Text.RegularExpressions;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Conversion;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// "Runs side by side" of a diff draws CPU usage and context switches in two grids that share the task
/// labels of the first: each task's bars, in both grids, must sit level with its label.
/// </summary>
[Trait("Kind", "browser")]
[Collection(BrowserCollection.Name)]
public sealed class RunsSideBySideTests(HeadlessChromium chromium, ITestOutputHelper log) : IDisposable
{
    // Where the page draws each task's label and bars: the label's centre (y, px), the band's height,
    // and per grid the top and bottom of all the task's bars.
    private const string RowPositions = """
        async () => {
            const chart = window.__perfwhiz.charts.runs;
            const option = chart.getOption();
            const names = option.yAxis[0].data;
            const band = chart.getModel().getComponent('yAxis', 0).axis.getBandWidth();
            const rows = names.map((name, row) => ({ name, label: chart.convertToPixel({ yAxisIndex: 0 }, row), bars: [[], []] }));
            option.series.forEach((series, index) => {
                const data = chart.getModel().getSeriesByIndex(index).getData();
                rows.forEach((row, i) => {
                    const layout = data.getItemLayout(i);
                    row.bars[series.xAxisIndex].push(layout.y, layout.y + layout.height);
                });
            });
            return { band, rows: rows.map((row) => ({ name: row.name, label: row.label,
                grids: row.bars.map((ys) => ({ top: Math.min(...ys), bottom: Math.max(...ys) })) })) };
        }
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-runs-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(20)]
    public async Task EveryTasksBarsAreLevelWithItsLabel(int taskCount)
    {
        // Two runs of the same VMs: the capture twice, as a.cdict and b.cdict.
        var capture = PerfConversion.Convert(Fixtures.PerfData("qemu"));
        string[] cdicts = [Path.Combine(folder, "a.cdict"), Path.Combine(folder, "b.cdict")];
        foreach (var cdict in cdicts)
        {
            CdictFile.Write(cdict, capture);
        }

        var map = Fixtures.Path("perf/qemu.map.csv");
        var all = DashboardFiles.MakeFromCdicts(folder, cdicts, "--map", map, "-t", ".*").Document;
        var tasks = all.GetProperty("cpuUsage").EnumerateArray().Select(task => task.GetProperty("name").GetString()!).Distinct().Take(taskCount).ToList();
        Assert.Equal(taskCount, tasks.Count);
        var files = DashboardFiles.MakeFromCdicts(folder, cdicts, "--map", map, "--label", "runs", "-t", $"(?:{string.Join('|', tasks.Select(Regex.Escape))})$");

        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);
        await session.Page.Locator("nav.tabs button", new() { HasText = "Runs side by side" }).ClickAsync();
        var shown = await session.EvaluateAsync(RowPositions);
        var band = shown.GetProperty("band").GetDouble();
        var rows = shown.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(taskCount, rows.Count);
        foreach (var row in rows)
        {
            var label = row.GetProperty("label").GetDouble();
            foreach (var (grid, what) in row.GetProperty("grids").EnumerateArray().Zip(["CPU usage", "context switches"]))
            {
                var top = grid.GetProperty("top").GetDouble();
                var bottom = grid.GetProperty("bottom").GetDouble();
                var centre = (top + bottom) / 2;
                Assert.True(Math.Abs(centre - label) <= 1, $"{taskCount} tasks: {row.GetProperty("name")}'s {what} bars centred at {centre:F1} px, its label at {label:F1} px (rows {band:F1} px)");
                Assert.True(top >= label - (band / 2) && bottom <= label + (band / 2), $"{taskCount} tasks: {row.GetProperty("name")}'s {what} bars leave its row");
            }
        }

        log.WriteLine(await session.ScreenshotAsync($"diff-runs-{taskCount}-tasks"));
        await session.AssertCleanAsync();
    }
}
