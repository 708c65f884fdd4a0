using System.Text.Json;
using Perfwhiz.Tests.Cli;
using Perfwhiz.Tests.Infrastructure;

namespace Perfwhiz.Tests.Comparison;

/// <summary>
/// perfmap --compare on real captures of the qemu VMs (tests/fixtures/compare, recorded as its
/// README says): the same workload twice must read as the same, a known disturbance as worse.
/// </summary>
public sealed class CompareCommandTests : IDisposable
{
    private const string Vms = "router|firewall";
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-compare-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TheSameWorkloadCapturedTwiceIsCalledTheSame()
    {
        var rows = Rows(Compare("compare-quiet-1", "compare-quiet-2")).ToList();

        var same = rows.Count(row => row.GetProperty("verdict").GetString() == "same");
        Assert.True(rows.Count >= 60, $"{rows.Count} rows");
        Assert.True(same >= 0.95 * rows.Count, $"{same} of {rows.Count} rows same; not same: {string.Join("; ", NotSame(rows))}");
    }

    [Fact]
    public void CpuBoundLoopsOnEveryCoreMakeTheVcpusWorse()
    {
        var rows = Rows(Compare("compare-quiet-1", "compare-loaded")).ToList();
        var vcpus = rows.Select(row => row.GetProperty("task").GetString()!).Where(task => task.Contains(".vcpu", StringComparison.Ordinal)).Distinct().ToList();

        Assert.Equal(6, vcpus.Count);
        foreach (var metric in new[] { "runtime", "wakeup.p50" })
        {
            foreach (var vcpu in vcpus)
            {
                var row = rows.Single(row => row.GetProperty("task").GetString() == vcpu && row.GetProperty("metric").GetString() == metric);
                Assert.True(row.GetProperty("verdict").GetString() == "worse", $"{vcpu} {metric}: {row}");
                var (low, high) = (row.GetProperty("changeLowPercent").GetDouble(), row.GetProperty("changeHighPercent").GetDouble());
                Assert.True(low > 0 || high < 0, $"{vcpu} {metric}: interval [{low}, {high}] holds 0");
            }
        }
    }

    [Fact]
    public void TheGateFailsTheDisturbedRunWithExitCode3AndMarksTheRows()
    {
        var (exitCode, output, error) = ToolProcess.Run("perfmap", "--compare", Fixture("compare-quiet-1"), Fixture("compare-loaded"), "-t", Vms, "--fail-if", "wakeup.p95 > +20%");

        Assert.True(exitCode == 3, $"exit {exitCode}: {error}");
        Assert.Matches(@"\| \S+\.vcpu\d \| wakeup\.p95 \| [^|]+ \| [^|]+ \| \+\d+\.\d % \| [^|]+ \| \*\*worse\*\* ❌ FAIL `wakeup\.p95 > \+20%` \|", output);
        Assert.DoesNotContain("FAIL `wakeup.p95 > +20%` |\n| ", output.Split('\n').Where(line => !line.Contains("wakeup.p95", StringComparison.Ordinal)).FirstOrDefault(line => line.Contains("FAIL", StringComparison.Ordinal)) ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void TheGatePassesTheQuietPairWithExitCode0()
    {
        var (exitCode, output, error) = ToolProcess.Run("perfmap", "--compare", Fixture("compare-quiet-1"), Fixture("compare-quiet-2"), "-t", Vms, "--fail-if", "wakeup.p95 > +20%", "--fail-if", "router.*:runtime < -10%");

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}\n{output}");
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        Assert.Contains("| task | metric | base | other | change | 95 % interval | verdict |", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ThreeRunsCompareEachWithTheFirstAndListAddedAndRemovedTasks()
    {
        var rows = Compare("compare-quiet-1", "compare-quiet-2", "compare-loaded");

        var comparisons = rows.RootElement.GetProperty("comparisons");
        Assert.Equal(2, comparisons.GetArrayLength());
        Assert.EndsWith("compare-quiet-1.cdict", rows.RootElement.GetProperty("base").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("compare-loaded.cdict", comparisons[1].GetProperty("run").GetString(), StringComparison.Ordinal);
        Assert.Equal(20261204UL, rows.RootElement.GetProperty("method").GetProperty("seed").GetUInt64());
    }

    [Fact]
    public void TasksOfOneRunOnlyAreAddedOrRemoved()
    {
        var (exitCode, output, error) = ToolProcess.Run("perfmap", "--compare", Fixture("compare-quiet-1"), Fixture("compare-loaded"), "-t", "bash|router.01.vcpu0");

        Assert.True(exitCode == 0, error);
        Assert.Contains("Added (only in ", output, StringComparison.Ordinal); // the loops' shells
        Assert.Matches(@"Added \(only in [^)]+\): .*bash", output);
    }

    [Fact]
    public void OriginalCdictsHaveNoWakeupsSoTheirWakeupMetricsAreAbsentNotZero()
    {
        var original = Fixtures.Path("cdict/original-bin.cdict");
        var json = Path.Combine(folder, "original.json");

        var (exitCode, _, error) = ToolProcess.Run("perfmap", "--compare", original, original, "--json", json);

        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = Rows(document).ToList();
        var wakeups = rows.Where(row => row.GetProperty("metric").GetString()!.StartsWith("wakeup.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(wakeups);
        Assert.All(wakeups, row => Assert.Equal(("absent", JsonValueKind.Null), (row.GetProperty("verdict").GetString(), row.GetProperty("base").ValueKind)));
        Assert.Contains(rows, row => row.GetProperty("metric").GetString() == "runtime" && row.GetProperty("base").ValueKind == JsonValueKind.Number);
    }

    [Theory]
    [InlineData("--fail-if", "wakeup.p99 >> 20%")]
    [InlineData("--fail-if", "runtime > +2ms")]
    [InlineData("--fail-if", "latency > +20%")]
    public void AMalformedConditionIsAUsageError(string option, string value)
    {
        var (exitCode, _, error) = ToolProcess.Run("perfmap", "--compare", Fixture("compare-quiet-1"), Fixture("compare-quiet-2"), option, value);

        Assert.Equal(2, exitCode);
        Assert.Contains("--fail-if", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareNeedsTwoRuns()
    {
        var (exitCode, _, error) = ToolProcess.Run("perfmap", "--compare", Fixture("compare-quiet-1"));

        Assert.Equal(2, exitCode);
        Assert.Contains("--compare needs at least two cdict files", error, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonElement> Rows(JsonDocument document) =>
        document.RootElement.GetProperty("comparisons").EnumerateArray().SelectMany(run => run.GetProperty("rows").EnumerateArray());

    private static IEnumerable<string> NotSame(IEnumerable<JsonElement> rows) => rows
        .Where(row => row.GetProperty("verdict").GetString() != "same")
        .Select(row => $"{row.GetProperty("task")} {row.GetProperty("metric")} {row.GetProperty("changePercent")} {row.GetProperty("verdict")}");

    private static string Fixture(string name) => Fixtures.Path($"compare/{name}.cdict");

    private JsonDocument Compare(params string[] runs)
    {
        var json = Path.Combine(folder, string.Join('-', runs) + ".json");
        var (exitCode, output, error) = ToolProcess.Run("perfmap", ["--compare", .. runs.Select(Fixture), "-t", Vms, "--map", Fixtures.Path("compare/compare.map.csv"), "--json", json]);
        Assert.True(exitCode == 0, $"exit {exitCode}: {error}\n{output}");
        return JsonDocument.Parse(File.ReadAllText(json));
    }
}
