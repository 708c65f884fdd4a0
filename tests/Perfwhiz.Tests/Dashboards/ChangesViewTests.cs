using System.Buffers.Binary;
using System.Text.Json;
using Perfwhiz.Analyses.Comparison;
using Perfwhiz.Reports.Comparison;
using Perfwhiz.Tests.Cli;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// The charts page of several captures opens on "Changes": the rows of <c>perfmap --compare</c> for
/// the same captures and tasks, shown as its table writes them, the worst at the top, coloured by
/// verdict, each task a link to the view of its metric.
/// </summary>
[Trait("Kind", "browser")]
[Collection(BrowserCollection.Name)]
public sealed class ChangesViewTests(HeadlessChromium chromium, ITestOutputHelper log) : IDisposable
{
    // Each row of the table as shown: its cells' text, the task's full name, the verdict's colour.
    private const string TableRows = """
        async () => [...document.querySelectorAll('section[data-view=changes] table.data tbody tr')].map((tr) => ({
            cells: [...tr.cells].map((td) => td.textContent),
            task: tr.querySelector('button.link').title,
            colour: getComputedStyle(tr.querySelector('.verdict')).color,
        }))
        """;

    private static readonly Dictionary<string, string> VerdictColours = new(StringComparer.Ordinal)
    {
        ["worse"] = "rgb(198, 40, 40)", ["better"] = "rgb(46, 125, 50)", ["same"] = "rgb(107, 116, 130)", ["absent"] = "rgb(154, 161, 172)",
    };

    private static readonly Dictionary<string, int> VerdictRanks = new(StringComparer.Ordinal) { ["worse"] = 0, ["better"] = 1, ["same"] = 2, ["absent"] = 3 };

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-changes-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task ShowsTheComparisonOfTheQuietAndLoadedCapturesWorstFirst()
    {
        string[] cdicts = [Fixture("compare-hog-base"), Fixture("compare-hog-loaded")];
        string[] options = ["--map", Fixtures.Path("compare/compare-hog.map.csv"), "-t", "router|firewall"];
        var files = DashboardFiles.MakeFromCdicts(folder, cdicts, options);
        var compared = CompareJson(cdicts, options);

        // The document carries what --compare --json writes, row for row.
        var rows = compared.GetProperty("comparisons")[0].GetProperty("rows").EnumerateArray().ToList();
        var carried = files.Document.GetProperty("changes");
        Assert.Equal(rows.Select(Compact), carried.GetProperty("comparisons")[0].GetProperty("rows").EnumerateArray().Select(Compact));
        Assert.Equal(Compact(compared.GetProperty("method")), Compact(carried.GetProperty("method")));

        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);
        Assert.Equal("Changes", (await session.Page.Locator("nav.tabs button").AllTextContentsAsync())[0]);
        Assert.Equal("changes", await session.Page.EvaluateAsync<string>("() => window.__perfwhiz.view"));
        log.WriteLine(await session.ScreenshotAsync("compare-charts-changes"));

        var byKey = rows.ToDictionary(row => (row.GetProperty("task").GetString()!, row.GetProperty("metric").GetString()!));
        await AssertRowsAsCompareWritesThemWorstFirstAsync(session, byKey);

        // A click on a header sorts by it: the largest change first.
        await session.Page.Locator("section[data-view=changes] th", new() { HasText = "change" }).First.ClickAsync();
        var sorted = (await session.EvaluateAsync(TableRows)).EnumerateArray().Select(row => byKey[(row.GetProperty("task").GetString()!, row.GetProperty("cells")[1].GetString()!)]).ToList();
        var changes = sorted.Select(row => Number(row, "changePercent")).Where(value => value is not null).ToList();
        Assert.Equal(changes.OrderDescending(), changes);

        // A task's link shows it on the view of its metric: wakeup latency with both runs overlaid.
        var wakeup = rows.First(row => row.GetProperty("metric").GetString() == "wakeup.p95" && row.GetProperty("verdict").GetString() == "worse");
        var task = wakeup.GetProperty("task").GetString()!;
        await ClickTaskAsync(session, task, "wakeup.p95");
        Assert.Equal("latency", await session.Page.EvaluateAsync<string>("() => window.__perfwhiz.view"));
        Assert.Equal(task, await session.Page.EvaluateAsync<string>("() => window.__perfwhiz.latencyTask"));
        var lines = await session.EvaluateAsync("async () => window.__perfwhiz.charts.latency.getOption().series.map((s) => s.name)");
        Assert.Equal(files.Document.GetProperty("runs").EnumerateArray().Select(run => run.GetProperty("name").GetString()), ChartsDashboardTests.Strings(lines));
        log.WriteLine(await session.ScreenshotAsync("compare-charts-latency"));

        // A run time row shows the task's bars on CPU usage.
        var runtime = rows.First(row => row.GetProperty("metric").GetString() == "runtime").GetProperty("task").GetString()!;
        await ClickTaskAsync(session, runtime, "runtime");
        Assert.Equal("usage", await session.Page.EvaluateAsync<string>("() => window.__perfwhiz.view"));
        log.WriteLine(await session.ScreenshotAsync("compare-charts-usage"));

        await session.AssertCleanAsync();
    }

    [Fact]
    public async Task OriginalCdictsShowTheirWakeupMetricsAsAbsentNotZero()
    {
        // The quiet and loaded runs as the original perfwhiz wrote cdicts, which recorded no wakeups.
        string[] cdicts = [Path.Combine(folder, "quiet.cdict"), Path.Combine(folder, "loaded.cdict")];
        WriteOriginal(Fixture("compare-hog-base"), cdicts[0]);
        WriteOriginal(Fixture("compare-hog-loaded"), cdicts[1]);
        string[] options = ["--map", Fixtures.Path("compare/compare-hog.map.csv"), "-t", "router"];
        var files = DashboardFiles.MakeFromCdicts(folder, cdicts, options);
        Assert.All(files.Document.GetProperty("runs").EnumerateArray(), run => Assert.Contains("no wakeups", run.GetProperty("warnings").EnumerateArray().Last().GetString(), StringComparison.Ordinal));
        var compared = CompareJson(cdicts, options);
        Assert.Equal(
            compared.GetProperty("comparisons")[0].GetProperty("rows").EnumerateArray().Select(Compact),
            files.Document.GetProperty("changes").GetProperty("comparisons")[0].GetProperty("rows").EnumerateArray().Select(Compact));

        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);
        var shown = (await session.EvaluateAsync(TableRows)).EnumerateArray().Select(row => ChartsDashboardTests.Strings(row.GetProperty("cells"))).ToList();
        var wakeups = shown.Where(cells => cells[1].StartsWith("wakeup.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(wakeups);
        Assert.All(wakeups, cells => Assert.Equal(["—", "—", "—", "—", "absent"], cells[2..]));
        Assert.Contains(shown, cells => cells[1] == "runtime" && cells[2].EndsWith(" %", StringComparison.Ordinal));
        log.WriteLine(await session.ScreenshotAsync("original-charts-changes"));

        await session.Page.Locator("nav.tabs button", new() { HasText = "Wakeup latency" }).ClickAsync();
        Assert.Contains("recorded no wakeups", await session.Page.Locator("section[data-view=latency]").TextContentAsync(), StringComparison.Ordinal);
        log.WriteLine(await session.ScreenshotAsync("original-charts-latency"));
        await session.AssertCleanAsync();
    }

    // Every row as --compare's Markdown table writes its values, coloured by its verdict only, worse
    // rows first, the largest change first among them.
    private static async Task AssertRowsAsCompareWritesThemWorstFirstAsync(DashboardSession session, Dictionary<(string, string), JsonElement> byKey)
    {
        var shown = (await session.EvaluateAsync(TableRows).ConfigureAwait(false)).EnumerateArray().ToList();
        Assert.Equal(byKey.Count, shown.Count);
        var ranks = new List<(int Rank, double Size)>();
        foreach (var row in shown)
        {
            var cells = ChartsDashboardTests.Strings(row.GetProperty("cells"));
            var expected = byKey[(row.GetProperty("task").GetString()!, cells[1])];
            var unit = Metric.UnitOf(cells[1]);
            var verdict = expected.GetProperty("verdict").GetString()!;
            Assert.Equal(ComparisonUnits.Value(Number(expected, "base"), unit), cells[2]);
            Assert.Equal(ComparisonUnits.Value(Number(expected, "other"), unit), cells[3]);
            if (Number(expected, "changePercent") is { } change)
            {
                Assert.Equal(ComparisonUnits.Percent(change), cells[4]);
            }

            Assert.Equal(verdict, cells[6]);
            Assert.Equal(VerdictColours[verdict], row.GetProperty("colour").GetString());
            ranks.Add((VerdictRanks[verdict], Math.Abs(Number(expected, "changePercent") ?? double.PositiveInfinity)));
        }

        Assert.Equal(0, ranks[0].Rank);
        Assert.Equal(ranks.Select(rank => rank.Rank).Order(), ranks.Select(rank => rank.Rank));
        var worse = ranks.Where(rank => rank.Rank == 0).Select(rank => rank.Size).ToList();
        Assert.Equal(worse.OrderDescending(), worse);
    }

    // Clicks the task of a row of the Changes table.
    private static async Task ClickTaskAsync(DashboardSession session, string task, string metric)
    {
        await session.Page.Locator("nav.tabs button", new() { HasText = "Changes" }).ClickAsync().ConfigureAwait(false);
        await session.Page.Locator("section[data-view=changes] tr", new() { Has = session.Page.Locator($"td:text-is('{metric}')") })
            .Filter(new() { Has = session.Page.Locator($"button[title='{task}']") }).Locator("button.link").ClickAsync().ConfigureAwait(false);
    }

    private static string Fixture(string name) => Fixtures.Path($"compare/{name}.cdict");

    // A cdict as the original perfwhiz wrote it: the first zlib stream only, without perfwhiz's
    // extension (wakeups, prev_state), which its 16-byte footer gives the length of.
    private static void WriteOriginal(string cdict, string path)
    {
        var bytes = File.ReadAllBytes(cdict);
        Assert.Equal("PWHZEXT1"u8.ToArray(), bytes[^8..]);
        var extension = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(bytes.Length - 16));
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length - 16 - extension)]);
    }

    private static double? Number(JsonElement row, string name) =>
        row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetDouble();

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    private JsonElement CompareJson(string[] cdicts, string[] options)
    {
        var json = Path.Combine(folder, $"{Guid.NewGuid():N}.compare.json");
        var (exitCode, output, error) = ToolProcess.Run("perfmap", ["--compare", .. cdicts, .. options, "--json", json]);
        Assert.True(exitCode == 0, $"exit {exitCode}: {error}\n{output}");
        return JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone();
    }
}
