using System.Text.Json;
using Perfwhiz.Tests.Cli;

namespace Perfwhiz.Tests.Comparison;

/// <summary>
/// perfmap --compare on real captures of the qemu VMs (tests/fixtures/compare, recorded as its
/// README says): the same workload twice must read as the same, a known disturbance as worse.
/// </summary>
[Trait("Kind", "process")]
public sealed class CompareCommandTests : IDisposable
{
    private const string Vms = "router|firewall";
    private const string Vcpus = ".*vcpu";
    private static readonly string[] WakeupPercentiles = ["wakeup.p50", "wakeup.p95", "wakeup.p99"];
    private static readonly string[] WakeupTails = ["wakeup.p95", "wakeup.p99"];
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-compare-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TheSameWorkloadCapturedTwiceIsCalledTheSameForTheVcpus()
    {
        // The vCPUs: the emulator threads' own work changed with the machine's background (fixtures README).
        var rows = Rows(Compare(Vcpus, "compare-quiet-1", "compare-quiet-2")).ToList();

        var same = rows.Count(row => row.GetProperty("verdict").GetString() == "same");
        Assert.Equal(6 * 8, rows.Count);
        Assert.True(same >= 0.95 * rows.Count, $"{same} of {rows.Count} rows same; not same: {string.Join("; ", NotSame(rows))}");
    }

    [Fact]
    public void CpuBoundLoopsOnEveryCoreMakeTheVcpusWorse()
    {
        var rows = Rows(Compare(Vcpus, "compare-quiet-1", "compare-loaded")).ToList();
        var vcpus = rows.Select(row => row.GetProperty("task").GetString()!).Distinct().ToList();
        JsonElement Row(string vcpu, string metric) => rows.Single(row => row.GetProperty("task").GetString() == vcpu && row.GetProperty("metric").GetString() == metric);

        Assert.Equal(6, vcpus.Count);
        foreach (var vcpu in vcpus)
        {
            var runtime = Row(vcpu, "runtime");
            Assert.True(Verdict(runtime) == "worse" && runtime.GetProperty("changeHighPercent").GetDouble() < 0, $"{vcpu}: {runtime}");
        }

        // Wakeup latency: worse where it changed, never better; the tail (p95, p99) of at least half the vCPUs.
        var waits = vcpus.SelectMany(vcpu => WakeupPercentiles.Select(metric => Row(vcpu, metric))).ToList();
        Assert.DoesNotContain(waits, row => Verdict(row) == "better");
        var worseTails = vcpus.Count(vcpu => WakeupTails.Any(metric => Verdict(Row(vcpu, metric)) == "worse" && Row(vcpu, metric).GetProperty("changeLowPercent").GetDouble() > 0));
        Assert.True(worseTails >= 3, $"{worseTails} vCPUs with a worse wakeup tail");
    }

    [Fact]
    public void TheGateFailsTheDisturbedRunWithExitCode3AndMarksTheRows()
    {
        var (exitCode, output, error) = ToolProcess.Run("perfmap", "--compare", Fixture("compare-quiet-1"), Fixture("compare-loaded"), "-t", Vms, "--fail-if", "wakeup.p95 > +20%");

        Assert.True(exitCode == 3, $"exit {exitCode}: {error}");
        var failed = output.Split('\n').Where(line => line.Contains("FAIL", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, line => Assert.Matches(@"^\| \S+ \| wakeup\.p95 \| [^|]+ \| [^|]+ \| \+\d+\.\d % \| [^|]+ \| \*\*worse\*\* ❌ FAIL `wakeup\.p95 > \+20%` \|$", line));
        Assert.Contains($"{failed.Count} failed the gate", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheGatePassesTheQuietPairWithExitCode0()
    {
        var (exitCode, output, error) = ToolProcess.Run("perfmap", "--compare", Fixture("compare-quiet-1"), Fixture("compare-quiet-2"), "-t", Vcpus, "--fail-if", "wakeup.p95 > +20%", "--fail-if", "router.*:runtime < -10%");

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}\n{output}");
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        Assert.Contains("| task | metric | base | other | change | 95 % interval | verdict |", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ThreeRunsCompareEachWithTheFirstAndListAddedAndRemovedTasks()
    {
        var rows = Compare(Vms, "compare-quiet-1", "compare-quiet-2", "compare-loaded");

        var comparisons = rows.RootElement.GetProperty("comparisons");
        Assert.Equal(2, comparisons.GetArrayLength());
        Assert.EndsWith("compare-quiet-1.cdict", rows.RootElement.GetProperty("base").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("compare-loaded.cdict", comparisons[1].GetProperty("run").GetString(), StringComparison.Ordinal);
        Assert.Equal(20261204UL, rows.RootElement.GetProperty("method").GetProperty("seed").GetUInt64());
    }

    [Fact]
    public void TasksOfOneRunOnlyAreAddedOrRemoved()
    {
        // router-01's fourth emulator thread (a qemu worker) had exited before the loaded capture.
        var (exitCode, output, error) = ToolProcess.Run("perfmap", "--compare", Fixture("compare-quiet-1"), Fixture("compare-loaded"), "-t", "router.01", "--map", Fixtures.Path("compare/compare.map.csv"));

        Assert.True(exitCode == 0, error);
        Assert.Matches(@"\nRemoved \(only in \S+compare-quiet-1\.cdict\): router\.01\.emulator3\n", output);
        Assert.DoesNotContain("| router.01.emulator3 |", output, StringComparison.Ordinal);
        Assert.Contains("| router.01.vcpu0 | runtime |", output, StringComparison.Ordinal);
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

    private static string Verdict(JsonElement row) => row.GetProperty("verdict").GetString()!;

    private JsonDocument Compare(string tasks, params string[] runs)
    {
        var json = Path.Combine(folder, string.Join('-', runs) + ".json");
        var (exitCode, output, error) = ToolProcess.Run("perfmap", ["--compare", .. runs.Select(Fixture), "-t", tasks, "--map", Fixtures.Path("compare/compare.map.csv"), "--json", json]);
        Assert.True(exitCode == 0, $"exit {exitCode}: {error}\n{output}");
        return JsonDocument.Parse(File.ReadAllText(json));
    }
}
