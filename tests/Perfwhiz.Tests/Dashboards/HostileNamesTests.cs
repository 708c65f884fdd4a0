using Microsoft.Playwright;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// The real capture of tests/fixtures/hostile, whose processes named themselves with markup, script
/// and template injections: on both dashboards the names are text, and nothing runs or appears.
/// </summary>
[Trait("Kind", "browser")]
[Collection(BrowserCollection.Name)]
public sealed class HostileNamesTests(HeadlessChromium chromium, ITestOutputHelper log) : IDisposable
{
    public static readonly string[] HostileNames = ["<svg onload=a()", "</script><b>x", "\"';alert(1)//", "${alert(1)}", "{{7*7}}", "a,b,\"c\"", "进程名", "line1\nline2"];

    // Elements the names would create if they were parsed as HTML, and what a script would leave.
    private const string Injected = """
        async () => ({
            elements: document.querySelectorAll('svg, b, img, iframe, [onload], [onerror]').length,
            scripts: document.querySelectorAll('script:not([type])').length,
            pwned: typeof window.a === 'function' || window.alerted === true,
        })
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-hostile-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task ChartsShowHostileNamesAsText()
    {
        var files = DashboardFiles.Make(folder, ["hostile"], "-t", ".*");
        Assert.All(HostileNames, name => Assert.DoesNotContain(name, File.ReadAllText(files.Html), StringComparison.Ordinal));
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);

        var tasks = ChartsDashboardTests.Strings((await session.EvaluateAsync(ChartsDashboardTests.UsageBars)).GetProperty("tasks"));
        Assert.All(HostileNames, name => Assert.Contains(ShownNames.Of(name), tasks));

        // Tooltips take HTML: each hostile bar's tooltip shows its name as text.
        for (var i = 0; i < tasks.Count; i++)
        {
            if (!HostileNames.Select(ShownNames.Of).Contains(tasks[i]))
            {
                continue;
            }

            var tooltip = await session.Page.EvaluateAsync<string>("""
                async (index) => {
                    window.__perfwhiz.charts.usage.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: index });
                    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
                    return [...document.querySelectorAll('div')].filter((d) => d.style.position === 'absolute' && d.style.zIndex > 1000 || d.className.includes('tooltip'))
                        .map((d) => d.textContent).join('|');
                }
                """, i);
            Assert.Contains(tasks[i], tooltip, StringComparison.Ordinal);
            await AssertNothingInjectedAsync(session);
        }

        log.WriteLine(await session.ScreenshotAsync("hostile-charts-usage"));
        await session.Page.Locator("nav.tabs button", new() { HasText = "KVM exit types" }).ClickAsync();
        log.WriteLine(await session.ScreenshotAsync("hostile-charts-kvm"));
        await session.Page.Locator("nav.tabs button", new() { HasText = "Core map" }).ClickAsync();
        ChartsDashboardTests.AssertCoreMap(files.Document.GetProperty("coreMaps")[0], await session.EvaluateAsync(ChartsDashboardTests.CoreMapCells));
        log.WriteLine(await session.ScreenshotAsync("hostile-charts-coremap"));

        await AssertNothingInjectedAsync(session);
        await session.AssertCleanAsync();
    }

    [Fact]
    public async Task ChangesAndWakeupLatencyShowHostileNamesAsText()
    {
        // The capture twice: every hostile task is in both runs, so in the comparison's rows.
        string[] cdicts = [DashboardFiles.Cdict(folder, "hostile"), Path.Combine(folder, "again.cdict")];
        File.Copy(cdicts[0], cdicts[1]);
        var files = DashboardFiles.MakeFromCdicts(folder, cdicts, "-t", ".*");
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);

        var changed = await session.Page.Locator("section[data-view=changes] button.link").EvaluateAllAsync<string[]>("(buttons) => buttons.map((b) => b.title)");
        Assert.All(HostileNames, name => Assert.Contains(ShownNames.Of(name), changed));
        await AssertNothingInjectedAsync(session);
        log.WriteLine(await session.ScreenshotAsync("hostile-charts-changes"));

        // Wakeup latency: the task list, the table and the chart's title name them as text.
        await session.Page.Locator("nav.tabs button", new() { HasText = "Wakeup latency" }).ClickAsync();
        var options = await session.Page.Locator("#latency-task option").AllTextContentsAsync();
        Assert.All(HostileNames.Where(name => files.Document.GetProperty("wakeupLatency").EnumerateArray().Any(task => task.GetProperty("name").GetString() == name)),
            name => Assert.Contains(ShownNames.Of(name), options));
        var index = options.ToList().IndexOf(ShownNames.Of("</script><b>x"));
        Assert.True(index >= 0, "</script><b>x waited: it has a distribution");
        await session.Page.Locator("#latency-task").SelectOptionAsync(new SelectOptionValue { Index = index });
        Assert.Equal("</script><b>x", await session.Page.EvaluateAsync<string>("() => window.__perfwhiz.latencyTask"));
        ChartsDashboardTests.AssertLatency(files.Document, await session.EvaluateAsync(ChartsDashboardTests.LatencyShown));
        log.WriteLine(await session.ScreenshotAsync("hostile-charts-latency"));

        await AssertNothingInjectedAsync(session);
        await session.AssertCleanAsync();
    }

    [Fact]
    public async Task HeatmapsShowHostileNamesAsText()
    {
        var files = DashboardFiles.Make(folder, ["hostile"], "-t", ".*", "--heatmaps");
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);

        var options = await session.Page.Locator("#task-select option").AllTextContentsAsync();
        Assert.All(HostileNames, name => Assert.Contains(ShownNames.Of(name), options));
        var index = options.ToList().IndexOf("</script><b>x");
        await session.Page.Locator("#task-select").SelectOptionAsync(new SelectOptionValue { Index = index });
        await session.Page.WaitForFunctionAsync("() => window.__perfwhiz.heatmap.task === '</script><b>x'");
        log.WriteLine(await session.ScreenshotAsync("hostile-heatmaps"));

        // The timeline's tooltips take HTML too: each hostile thread's interval shows its name as text.
        var threads = files.Document.GetProperty("timeline").GetProperty("threads").EnumerateArray().Select(t => t.GetProperty("task").GetString()!).ToList();
        Assert.All(HostileNames, name => Assert.Contains(name, threads));
        foreach (var name in HostileNames)
        {
            var tooltip = await TimelineDashboardTests.TooltipOfFirstBarAsync(session, threads.IndexOf(name));
            Assert.Contains(ShownNames.Of(name), tooltip, StringComparison.Ordinal);
            await AssertNothingInjectedAsync(session);
        }

        log.WriteLine(await session.ScreenshotAsync("hostile-heatmaps-timeline-tooltip"));
        await AssertNothingInjectedAsync(session);
        await session.AssertCleanAsync();
    }

    private static async Task AssertNothingInjectedAsync(DashboardSession session)
    {
        var injected = await session.EvaluateAsync(Injected).ConfigureAwait(false);
        Assert.Equal(0, injected.GetProperty("elements").GetInt32());
        Assert.Equal(1, injected.GetProperty("scripts").GetInt32());
        Assert.False(injected.GetProperty("pwned").GetBoolean());
        Assert.Empty(session.Dialogs);
    }
}
