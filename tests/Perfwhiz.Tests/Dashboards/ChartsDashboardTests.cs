using System.Globalization;
using System.Text.Json;
using Perfwhiz.Analyses.Comparison;
using Perfwhiz.Reports.Comparison;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>The basic dashboard in a real browser, checked against perfmap's JSON document.</summary>
[Trait("Kind", "browser")]
[Collection(BrowserCollection.Name)]
public sealed class ChartsDashboardTests(HeadlessChromium chromium, ITestOutputHelper log) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-charts-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task ShowsEveryViewOfTheAnnotatedQemuCapture()
    {
        var files = DashboardFiles.Make(folder, ["qemu"], "--map", Infrastructure.Fixtures.Path("perf/qemu.map.csv"), "-t", ".*");
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);
        var document = files.Document;

        Assert.Equal(["CPU usage vs context switches", "Wakeup latency", "KVM exit types", "Core map"], await session.Page.Locator("nav.tabs button").AllTextContentsAsync());
        Assert.Equal("qemu", await session.Page.Locator("header h1").TextContentAsync());
        Assert.Contains($"perfwhiz {document.GetProperty("perfwhiz").GetString()}", await session.Page.Locator("header").TextContentAsync(), StringComparison.Ordinal);

        // CPU usage vs context switches: the bars are the document's numbers, in its order.
        var usage = await session.EvaluateAsync(UsageBars);
        var expected = document.GetProperty("cpuUsage").EnumerateArray().ToList();
        Assert.Equal(expected.Select(task => task.GetProperty("task").GetString()), Strings(usage.GetProperty("tasks")));
        Assert.Contains("router.01.vcpu0", Strings(usage.GetProperty("tasks")));
        Assert.Contains("firewall.02.vcpu0", Strings(usage.GetProperty("tasks")));
        Assert.Equal(expected.Select(task => task.GetProperty("cpuPercent").GetDouble()), usage.GetProperty("cpu").EnumerateArray().Select(value => value.GetDouble()));
        Assert.Equal(expected.Select(task => task.GetProperty("switchesPerSecond").GetDouble()), usage.GetProperty("switches").EnumerateArray().Select(value => value.GetDouble()));
        var windowSeconds = (document.GetProperty("window").GetProperty("toMs").GetDouble() - document.GetProperty("window").GetProperty("fromMs").GetDouble()) / 1000;
        Assert.All(expected, task => Assert.Equal(task.GetProperty("switches").GetInt64() / windowSeconds, task.GetProperty("switchesPerSecond").GetDouble(), 0.051));
        log.WriteLine(await session.ScreenshotAsync("qemu-charts-usage"));

        // The log scale toggle turns both value axes logarithmic.
        await session.Page.Locator("#usage-log").CheckAsync();
        var axes = await session.EvaluateAsync("async () => window.__perfwhiz.charts.usage.getOption().xAxis.map((axis) => axis.type)");
        Assert.Equal(["log", "log"], Strings(axes));
        log.WriteLine(await session.ScreenshotAsync("qemu-charts-usage-log"));

        // A legend entry hides its series.
        var selected = await session.EvaluateAsync("""
            async () => {
                const chart = window.__perfwhiz.charts.usage;
                chart.dispatchAction({ type: 'legendToggleSelect', name: 'context switches' });
                return chart.getOption().legend[0].selected;
            }
            """);
        Assert.False(selected.GetProperty("context switches").GetBoolean());
        Assert.True(selected.GetProperty("CPU usage").GetBoolean());

        // Wakeup latency: the table is the document's, the distribution its histogram.
        await session.Page.Locator("nav.tabs button", new() { HasText = "Wakeup latency" }).ClickAsync();
        AssertLatency(document, await session.EvaluateAsync(LatencyShown));
        log.WriteLine(await session.ScreenshotAsync("qemu-charts-latency"));

        // KVM exit types: this capture's VMs left no kvm_exit events, and the view says so.
        await session.Page.Locator("nav.tabs button", new() { HasText = "KVM exit types" }).ClickAsync();
        Assert.Equal("kvm", await session.Page.EvaluateAsync<string>("() => window.__perfwhiz.view"));
        Assert.Contains("No KVM exits", await session.Page.Locator("section[data-view=kvm]").TextContentAsync(), StringComparison.Ordinal);
        log.WriteLine(await session.ScreenshotAsync("qemu-charts-kvm"));

        // Core map: every cell of the document, with the all-cores column and the all-tasks row.
        await session.Page.Locator("nav.tabs button", new() { HasText = "Core map" }).ClickAsync();
        await session.Page.Locator("#show-switches").CheckAsync();
        var coreMap = await session.EvaluateAsync(CoreMapCells);
        AssertCoreMap(document.GetProperty("coreMaps")[0], coreMap);
        Assert.True(coreMap.GetProperty("labels").GetBoolean());
        AssertCoreMapScale(coreMap);
        log.WriteLine(await session.ScreenshotAsync("qemu-charts-coremap"));

        await session.AssertCleanAsync();
    }

    [Fact]
    public async Task ShowsTheRunsOfADiffSideBySide()
    {
        var files = DashboardFiles.Make(folder, ["qemu", "sched"], "-t", ".*");
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);
        var document = files.Document;

        // A diff opens on the changes; CPU usage shows each run's tasks.
        Assert.Equal("changes", await session.Page.EvaluateAsync<string>("() => window.__perfwhiz.view"));
        await session.Page.Locator("nav.tabs button", new() { HasText = "CPU usage vs context switches" }).ClickAsync();

        var usage = await session.EvaluateAsync(UsageBars);
        Assert.Contains(Strings(usage.GetProperty("tasks")), task => task.EndsWith(".qemu", StringComparison.Ordinal));
        Assert.Contains(Strings(usage.GetProperty("tasks")), task => task.EndsWith(".sched", StringComparison.Ordinal));
        // A task of both runs has its two rows side by side, the first run's first.
        var shown = Strings(usage.GetProperty("tasks"));
        var both = document.GetProperty("cpuUsage").EnumerateArray().GroupBy(task => task.GetProperty("name").GetString()).Where(runs => runs.Count() == 2).ToList();
        Assert.NotEmpty(both);
        Assert.All(both, runs => Assert.Equal(shown.IndexOf(runs.First().GetProperty("task").GetString()!) + 1, shown.IndexOf(runs.Last().GetProperty("task").GetString()!)));
        log.WriteLine(await session.ScreenshotAsync("diff-charts-usage"));

        // Runs side by side: one series per run and axis, a task's bars next to each other.
        await session.Page.Locator("nav.tabs button", new() { HasText = "Runs side by side" }).ClickAsync();
        var runs = await session.EvaluateAsync("""
            async () => {
                const option = window.__perfwhiz.charts.runs.getOption();
                return { tasks: option.yAxis[0].data, series: option.series.map((s) => ({ name: s.name, axis: s.xAxisIndex, data: s.data })) };
            }
            """);
        var tasks = Strings(runs.GetProperty("tasks"));
        foreach (var task in document.GetProperty("cpuUsage").EnumerateArray())
        {
            var run = task.GetProperty("run").GetString()!;
            var name = task.GetProperty("task").GetString()!;
            var row = tasks.IndexOf(name[..^(run.Length + 1)]);
            var series = runs.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == run && s.GetProperty("axis").GetInt32() == 0);
            Assert.Equal(task.GetProperty("cpuPercent").GetDouble(), series.GetProperty("data")[row].GetDouble());
        }

        log.WriteLine(await session.ScreenshotAsync("diff-charts-runs"));

        // The core map has a run selector; the second run's map is the document's second.
        await session.Page.Locator("nav.tabs button", new() { HasText = "Core map" }).ClickAsync();
        await session.Page.Locator("#run-select").SelectOptionAsync("sched");
        AssertCoreMap(document.GetProperty("coreMaps")[1], await session.EvaluateAsync(CoreMapCells));
        log.WriteLine(await session.ScreenshotAsync("diff-charts-coremap-sched"));

        await session.AssertCleanAsync();
    }

    internal const string UsageBars = """
        async () => {
            const option = window.__perfwhiz.charts.usage.getOption();
            return { tasks: option.yAxis[0].data, cpu: option.series[0].data, switches: option.series[1].data };
        }
        """;

    internal const string CoreMapCells = """
        async () => {
            const option = window.__perfwhiz.charts.coremap.getOption();
            return { tasks: option.yAxis[0].data, cores: option.xAxis[0].data, cells: option.series[0].data, labels: option.series[0].label.show,
                scale: { min: option.visualMap[0].min, max: option.visualMap[0].max, dimension: option.visualMap[0].dimension },
                stripes: Boolean(option.yAxis[0].splitArea?.show || option.xAxis[0].splitArea?.show) };
        }
        """;

    // The latency table's rows (task, then the shown cells) and the chart's task and lines.
    internal const string LatencyShown = """
        async () => {
            const option = window.__perfwhiz.charts.latency.getOption();
            const rows = [...document.querySelectorAll('section[data-view=latency] table.data tbody tr')]
                .map((tr) => [tr.querySelector('button.link').title, ...[...tr.cells].slice(1).map((td) => td.textContent)]);
            return { task: window.__perfwhiz.latencyTask, rows, series: option.series.map((s) => ({ name: s.name, data: s.data })) };
        }
        """;

    internal static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString()!)];

    // The task's waits as the page's CDF draws them: at each non-empty bucket's ends, the % of waits up to there.
    internal static void AssertLatency(JsonElement document, JsonElement shown)
    {
        var latency = document.GetProperty("wakeupLatency").EnumerateArray().ToList();
        var rows = shown.GetProperty("rows").EnumerateArray().Select(Strings).ToList();
        Assert.Equal(latency.Count, rows.Count);
        foreach (var task in latency)
        {
            var row = rows.Single(row => row[0] == ShownNames.Of(task.GetProperty("task").GetString()!));
            Assert.Equal(task.GetProperty("count").GetInt64().ToString("N0", CultureInfo.InvariantCulture), row[1]);
            Assert.Equal(Microseconds(task.GetProperty("p99Us").GetDouble()), row[5]);
            Assert.Equal(Microseconds(task.GetProperty("maxUs").GetDouble()), row[6]);
            var histogram = task.GetProperty("histogram");
            Assert.Equal(task.GetProperty("count").GetInt64(), histogram.GetProperty("counts").EnumerateArray().Sum(count => count.GetInt64()));
        }

        var name = shown.GetProperty("task").GetString()!;
        foreach (var series in shown.GetProperty("series").EnumerateArray())
        {
            var task = latency.Single(task => (task.TryGetProperty("name", out var own) ? own : task.GetProperty("task")).GetString() == name
                && task.GetProperty("run").GetString() == series.GetProperty("name").GetString());
            var histogram = task.GetProperty("histogram");
            var counts = histogram.GetProperty("counts").EnumerateArray().Select(count => count.GetInt64()).ToList();
            var points = series.GetProperty("data").EnumerateArray().ToList();
            Assert.Equal(2 * counts.Count, points.Count);
            var seen = 0L;
            for (var i = 0; i < counts.Count; i++)
            {
                Assert.Equal(seen * 100.0 / counts.Sum(), points[2 * i][1].GetDouble(), 9);
                seen += counts[i];
                Assert.Equal(histogram.GetProperty("toUs")[i].GetDouble(), points[(2 * i) + 1][0].GetDouble());
                Assert.Equal(seen * 100.0 / counts.Sum(), points[(2 * i) + 1][1].GetDouble(), 9);
            }
        }
    }

    // A duration as the page writes it (and --compare's table): ns, µs, ms or s.
    internal static string Microseconds(double us) => ComparisonUnits.Value(us * 1000, MetricUnit.Nanoseconds);

    // A log colour scale over the cells' shares: from a decade at or under the smallest to at least the largest; no grey stripes.
    internal static void AssertCoreMapScale(JsonElement shown)
    {
        var shares = shown.GetProperty("cells").EnumerateArray().Select(cell => Math.Min(cell[2].GetDouble(), 100)).Where(share => share > 0).ToList();
        var scale = shown.GetProperty("scale");
        Assert.True(scale.GetProperty("min").GetDouble() <= Math.Log10(shares.Min()) + 1e-9, $"scale from {scale}, smallest share {shares.Min()}");
        Assert.True(scale.GetProperty("max").GetDouble() >= Math.Log10(shares.Max()) - 1e-9, $"scale to {scale}, largest share {shares.Max()}");
        Assert.False(shown.GetProperty("stripes").GetBoolean());
        foreach (var cell in shown.GetProperty("cells").EnumerateArray())
        {
            Assert.Equal(Math.Max(scale.GetProperty("min").GetDouble(), Math.Log10(Math.Max(Math.Min(cell[2].GetDouble(), 100), 1e-9))), cell[4].GetDouble(), 9);
        }
    }

    internal static void AssertCoreMap(JsonElement expected, JsonElement shown)
    {
        var rows = expected.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([.. rows.Select(row => ShownNames.Of(row.GetProperty("task").GetString()!)), "all tasks"], Strings(shown.GetProperty("tasks")));
        var allCores = Strings(shown.GetProperty("cores")).IndexOf("all cores");
        Assert.Equal(Strings(shown.GetProperty("cores")).Count - 1, allCores);
        var cells = shown.GetProperty("cells").EnumerateArray()
            .ToDictionary(cell => (cell[0].GetInt32(), cell[1].GetInt32()), cell => (cell[2].GetDouble(), cell[3].GetInt64()));
        foreach (var (row, y) in rows.Append(expected.GetProperty("allTasks")).Select((row, y) => (row, y)))
        {
            foreach (var cell in row.GetProperty("cores").EnumerateArray())
            {
                Assert.Equal((cell.GetProperty("percent").GetDouble(), cell.GetProperty("switches").GetInt64()), cells[(cell.GetProperty("core").GetInt32(), y)]);
            }

            var all = row.GetProperty("allCores");
            Assert.Equal((all.GetProperty("percent").GetDouble(), all.GetProperty("switches").GetInt64()), cells[(allCores, y)]);
        }
    }
}
