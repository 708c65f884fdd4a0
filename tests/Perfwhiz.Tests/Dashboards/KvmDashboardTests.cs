using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// The KVM views, which the real fixtures cannot show (their VMs left no kvm_exit events): a written
/// capture of two vCPU threads exiting for the common reasons.
/// </summary>
[Trait("Kind", "browser")]
[Collection(BrowserCollection.Name)]
public sealed class KvmDashboardTests(HeadlessChromium chromium, ITestOutputHelper log) : IDisposable
{
    private static readonly (uint Code, string Name)[] Reasons = [(1, "EXTERNAL_INTERRUPT"), (12, "HLT"), (30, "IO_INSTRUCTION"), (32, "MSR_WRITE"), (48, "EPT_VIOLATION")];

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-kvm-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task StacksExitsByReasonWithStableColoursAndSortsTheTable()
    {
        var cdict = Path.Combine(folder, "kvm.cdict");
        CdictFile.Write(cdict, TwoVcpus());
        var files = DashboardFiles.MakeFromCdicts(folder, [cdict], "-t", "CPU");
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);
        await session.Page.Locator("nav.tabs button", new() { HasText = "KVM exit types" }).ClickAsync();

        var chart = await session.EvaluateAsync("""
            async () => {
                const option = window.__perfwhiz.charts.kvm.getOption();
                return { tasks: option.yAxis[0].data, series: option.series.map((s) => ({ name: s.name, color: s.itemStyle.color, stack: s.stack, data: s.data })) };
            }
            """);
        var report = files.Document.GetProperty("kvmExits");
        var reasons = report.GetProperty("reasons").EnumerateArray().Select(reason => reason.GetProperty("name").GetString()).ToList();
        var tasks = report.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(tasks.Select(task => task.GetProperty("task").GetString()), ChartsDashboardTests.Strings(chart.GetProperty("tasks")));
        var colours = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var series in chart.GetProperty("series").EnumerateArray())
        {
            var reason = reasons.IndexOf(series.GetProperty("name").GetString());
            Assert.Equal("exits", series.GetProperty("stack").GetString());
            Assert.Equal(tasks.Select(task => task.GetProperty("counts")[reason].GetInt64()), series.GetProperty("data").EnumerateArray().Select(count => count.GetInt64()));
            colours[series.GetProperty("name").GetString()!] = series.GetProperty("color").GetString()!;
        }

        // Exit reasons have colours of their own: none is near the hue of CPU usage or of context
        // switches (as the usage chart draws them) or of a verdict (worse, better: colors.js).
        var usage = await session.EvaluateAsync("async () => window.__perfwhiz.charts.usage.getOption().series.map((s) => s.itemStyle.color)");
        var meaningful = usage.EnumerateArray().Select(colour => colour.GetString()!).Concat(VerdictColours).ToList();
        Assert.Equal(4, meaningful.Count);
        foreach (var (reason, colour) in colours)
        {
            Assert.All(meaningful, other => Assert.True(HueDistance(colour, other) >= 20, $"{reason} {colour} is too near {other}"));
        }

        Assert.Equal(5, colours.Values.Distinct(StringComparer.Ordinal).Count());

        // The table: a row per task, sorted by total; a click on a column sorts by it.
        var table = session.Page.Locator("section[data-view=kvm] table");
        Assert.Equal(["task", .. Reasons.Select(reason => reason.Name), "total"], await table.Locator("th").AllTextContentsAsync());
        Assert.Equal(["CPU 1/KVM", "CPU 0/KVM"], await table.Locator("tbody td.name").AllTextContentsAsync());
        await table.Locator("th", new() { HasText = "HLT" }).ClickAsync();
        Assert.Equal(["CPU 0/KVM", "CPU 1/KVM"], await table.Locator("tbody td.name").AllTextContentsAsync());
        log.WriteLine(await session.ScreenshotAsync("kvm-charts-exits"));

        var heatmaps = DashboardFiles.MakeFromCdicts(folder, [cdict], "-t", "CPU 0", "--heatmaps");
        await using var heatmapSession = await DashboardSession.OpenAsync(chromium.Browser, heatmaps.Html);
        var layers = (await heatmapSession.EvaluateAsync("async () => window.__perfwhiz.heatmap")).GetProperty("layers");
        foreach (var (_, name) in Reasons)
        {
            Assert.True(layers.GetProperty(name).GetProperty("drawn").GetInt32() > 0, name);
        }

        log.WriteLine(await heatmapSession.ScreenshotAsync("kvm-heatmaps"));
        await session.AssertCleanAsync();
        await heatmapSession.AssertCleanAsync();
    }

    // What a comparison's verdict means, worse and better (VERDICT_COLORS of web/src/colors.js).
    private static readonly string[] VerdictColours = ["#c62828", "#2e7d32"];

    /// <summary>Degrees between the hues of two #rrggbb colours.</summary>
    private static double HueDistance(string first, string second)
    {
        var distance = Math.Abs(Hue(first) - Hue(second));
        return Math.Min(distance, 360 - distance);
    }

    private static double Hue(string colour)
    {
        var (r, g, b) = (Convert.ToInt32(colour[1..3], 16) / 255.0, Convert.ToInt32(colour[3..5], 16) / 255.0, Convert.ToInt32(colour[5..7], 16) / 255.0);
        var (max, min) = (Math.Max(r, Math.Max(g, b)), Math.Min(r, Math.Min(g, b)));
        if (max == min)
        {
            return 0;
        }

        var hue = max == r ? (g - b) / (max - min) : max == g ? 2 + ((b - r) / (max - min)) : 4 + ((r - g) / (max - min));
        return ((hue * 60) + 360) % 360;
    }

    // CPU 0 halts most; CPU 1 exits more in all, mostly for EPT violations.
    private static Capture TwoVcpus()
    {
        var names = new TaskNames();
        var events = new EventTable(names);
        var vcpus = new[] { names.Intern("CPU 0/KVM"), names.Intern("CPU 1/KVM") };
        var time = 0L;
        for (var i = 0; i < 600; i++)
        {
            var vcpu = i % 3 == 0 ? 0 : 1;
            var reason = vcpu == 0 ? Reasons[i / 2 % 3 == 0 ? 1 : i / 2 % Reasons.Length] : Reasons[i / 2 % 2 == 0 ? 4 : i / 2 % Reasons.Length];
            time += 50_000;
            events.Add(EventKind.KvmExit, vcpu, time, 100 + vcpu, vcpus[vcpu], 40_000 + (i * 37 % 9000), EventTable.NoPid, EventTable.NoTask, reason.Code);
            events.Add(EventKind.KvmEntry, vcpu, time + 3_000, 100 + vcpu, vcpus[vcpu], 3_000, EventTable.NoPid, EventTable.NoTask, 0);
            if (i % 10 == 0)
            {
                events.Add(EventKind.Switch, vcpu, time + 4_000, 100 + vcpu, vcpus[vcpu], 400_000, 0, EventTable.NoTask, 0, prevState: 1);
            }
        }

        var info = new CaptureInfo { Host = "kvm-host", Kernel = "6.1.0", CpuCount = 2, DurationNs = time + 4_000 };
        foreach (var (code, name) in Reasons)
        {
            info.ExitReasonNames[code] = name;
        }

        return new Capture(events, new WakeupTable(), info);
    }
}
