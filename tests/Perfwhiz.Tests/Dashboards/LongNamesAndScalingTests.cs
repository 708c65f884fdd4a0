using System.Globalization;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// Long annotated names (a lab's VM names) lose their middle on the charts, not the run, vCPU and
/// role that tell the rows apart; a diff whose counts were scaled to the window says so in its header.
/// </summary>
[Trait("Kind", "browser")]
[Collection(BrowserCollection.Name)]
public sealed class LongNamesAndScalingTests(HeadlessChromium chromium, ITestOutputHelper log) : IDisposable
{
    private const string LabName = "ESC_Day0-3__62940__MT__MTPerftest_FULL_01ESC_Day0-31.1__0__CSR__0";

    // The names on a chart's task axis as drawn (after its label formatter), and in full.
    private const string AxisLabels = """
        async (view) => {
            const chart = window.__perfwhiz.charts[view];
            const axis = chart.getModel().getComponent('yAxis', 0).axis;
            return { names: chart.getOption().yAxis[0].data, shown: axis.getViewLabels().map((label) => label.formattedLabel) };
        }
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-names-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task LongNamesKeepTheirEndsAndScaledCountsAreSaid()
    {
        // The VMs of the compare captures renamed with the lab's long names: <lab name><vm>.<group>.<vcpuN|emulatorN>.
        var map = Path.Combine(folder, "lab.map.csv");
        File.WriteAllLines(map, File.ReadAllLines(Fixtures.Path("compare/compare.map.csv")).Select(line =>
        {
            var fields = line.Split(',');
            fields[^1] = LabName + fields[^1];
            return string.Join(',', fields);
        }));
        string[] cdicts = [Fixtures.Path("compare/compare-quiet-1.cdict"), Fixtures.Path("compare/compare-quiet-2.cdict")];
        // A window of 100 s, longer than either capture: counts are scaled up to it.
        var files = DashboardFiles.MakeFromCdicts(folder, cdicts, "--map", map, "-t", "ESC.*vcpu", "-c", "100000");
        await using var session = await DashboardSession.OpenAsync(chromium.Browser, files.Html);

        foreach (var (run, i) in files.Document.GetProperty("runs").EnumerateArray().Select((run, i) => (run, i)))
        {
            var multiplier = run.GetProperty("multiplier").GetDouble();
            Assert.True(multiplier > 1.01, $"{run.GetProperty("name")}: multiplier {multiplier}");
            var line = await session.Page.Locator("header .runs li").Nth(i).TextContentAsync();
            Assert.StartsWith(run.GetProperty("name").GetString()!, line, StringComparison.Ordinal);
            Assert.Contains($"counts are multiplied by {multiplier.ToString("F2", CultureInfo.InvariantCulture)}", line, StringComparison.Ordinal);
        }

        await session.Page.Locator("nav.tabs button", new() { HasText = "CPU usage vs context switches" }).ClickAsync();
        log.WriteLine(await session.ScreenshotAsync("long-names-usage"));
        foreach (var view in new[] { "usage", "runs" })
        {
            if (view == "runs")
            {
                await session.Page.Locator("nav.tabs button", new() { HasText = "Runs side by side" }).ClickAsync();
                log.WriteLine(await session.ScreenshotAsync("long-names-runs"));
            }

            var labels = await session.EvaluateAsync(AxisLabels, view);
            var names = ChartsDashboardTests.Strings(labels.GetProperty("names"));
            var shown = ChartsDashboardTests.Strings(labels.GetProperty("shown"));
            Assert.Equal(names.Count, shown.Count);
            Assert.Equal(names.Count, shown.Distinct().Count());
            foreach (var (name, label) in names.Zip(shown))
            {
                Assert.True(label.Length < name.Length && label.Contains('…', StringComparison.Ordinal), $"{view}: {name} shown as {label}");
                var end = name[(name.IndexOf(".vcpu", StringComparison.Ordinal) - 3)..]; // .01.vcpu0[.run]
                Assert.EndsWith(end, label, StringComparison.Ordinal);
            }
        }

        await session.AssertCleanAsync();
    }
}
