using System.Text.Json;

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

        Assert.Equal(["CPU usage vs context switches", "KVM exit types", "Core map"], await session.Page.Locator("nav.tabs button").AllTextContentsAsync());
        Assert.Equal("qemu", await session.Page.Locator("header h1").TextContentAsync());
        Assert.Contains($"perfwhiz {document.GetProperty("perfwhiz").GetString()}", await session.Page.Locator("header").TextContentAsync(), StringComparison.Ordinal);

        // CPU usage vs context switches: the bars are the document's numbers, in its order.
        var usage = await session.EvaluateAsync(UsageBars);
        var expected = document.GetProperty("cpuUsage").EnumerateArray().ToList();
        Assert.Equal(expected.Select(task => task.GetProperty("task").GetString()), Strings(usage.GetProperty("tasks")));
        Assert.Contains("router.01.vcpu0", Strings(usage.GetProperty("tasks")));
        Assert.Contains("firewall.02.vcpu0", Strings(usage.GetProperty("tasks")));
        Assert.Equal(expected.Select(task => task.GetProperty("cpuPercent").GetDouble()), usage.GetProperty("cpu").EnumerateArray().Select(value => value.GetDouble()));
        Assert.Equal(expected.Select(task => task.GetProperty("switches").GetInt64()), usage.GetProperty("switches").EnumerateArray().Select(value => value.GetInt64()));
        log.WriteLine(await session.ScreenshotAsync("qemu-charts-usage"));

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
        log.WriteLine(await session.ScreenshotAsync("qemu-charts-coremap"));

        await session.AssertCleanAsync();
    }

    [Fact]
    public async Task ShowsTheRunsOfADiffSideBySide()
    {
        var files = DashboardFiles.Make(folder, ["qemu", "sched"], "-t", ".*");
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);
        var document = files.Document;

        var usage = await session.EvaluateAsync(UsageBars);
        Assert.Contains(Strings(usage.GetProperty("tasks")), task => task.EndsWith(".qemu", StringComparison.Ordinal));
        Assert.Contains(Strings(usage.GetProperty("tasks")), task => task.EndsWith(".sched", StringComparison.Ordinal));

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
            return { tasks: option.yAxis[0].data, cores: option.xAxis[0].data, cells: option.series[0].data, labels: option.series[0].label.show };
        }
        """;

    internal static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString()!)];

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
