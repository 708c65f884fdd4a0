using System.Text.Json;
using Perfwhiz.Tests.Cli;
using static Perfwhiz.Tests.Comparison.CompareRows;

namespace Perfwhiz.Tests.Comparison;

/// <summary>
/// perfmap --compare on real captures of the qemu VMs (tests/fixtures/compare, recorded as the
/// fixtures README says): the same workload twice must read as the same (compare-quiet-1/2), a
/// known disturbance as worse (compare-hog-base, then compare-hog-loaded with a SCHED_FIFO hog
/// busy 3 ms of every 4 on each core).
/// </summary>
[Trait("Kind", "process")]
public sealed class CompareCommandTests : IDisposable
{
    private static readonly string[] WakeupPercentiles = ["wakeup.p50", "wakeup.p95", "wakeup.p99"];
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-compare-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TheSameWorkloadCapturedTwiceIsCalledTheSameForTheVcpus()
    {
        // The vCPU rows: the emulator threads' own work changed with the machine's background
        // (fixtures README), which the comparison rightly reports.
        var rows = Rows(Compare(Vcpus, "compare.map.csv", "compare-quiet-1", "compare-quiet-2")).ToList();

        var same = rows.Count(row => Verdict(row) == "same");
        Assert.Equal(6 * 8, rows.Count);
        Assert.True(same >= 0.95 * rows.Count, $"{same} of {rows.Count} rows same; not same: {string.Join("; ", NotSame(rows))}");
    }

    [Fact]
    public void ARealTimeHogOnEveryCoreMakesEveryVcpusRunTimeAndWakeupLatencyWorse()
    {
        var rows = Rows(Compare(Vcpus, "compare-hog.map.csv", "compare-hog-base", "compare-hog-loaded")).ToList();
        var vcpus = rows.Select(row => row.GetProperty("task").GetString()!).Distinct().ToList();
        JsonElement Row(string vcpu, string metric) => rows.Single(row => row.GetProperty("task").GetString() == vcpu && row.GetProperty("metric").GetString() == metric);

        Assert.Equal(6, vcpus.Count);
        foreach (var vcpu in vcpus)
        {
            var runtime = Row(vcpu, "runtime");
            Assert.True(Verdict(runtime) == "worse" && runtime.GetProperty("changeHighPercent").GetDouble() < 0, $"{vcpu}: {runtime}");

            // Every wakeup percentile judged (with enough waits in both runs) is worse, its interval
            // above 0; at least one is judged per vCPU.
            var judged = WakeupPercentiles.Select(metric => Row(vcpu, metric)).Where(row => row.GetProperty("changeLowPercent").ValueKind == JsonValueKind.Number).ToList();
            Assert.NotEmpty(judged);
            Assert.All(judged, row => Assert.True(Verdict(row) == "worse" && row.GetProperty("changeLowPercent").GetDouble() > 0, $"{vcpu}: {row}"));
        }

        // The tail (p95) of the vCPUs that still woke 200 times in 2 s under the hogs: all but router.01.vcpu1.
        Assert.Equal(5, vcpus.Count(vcpu => Verdict(Row(vcpu, "wakeup.p95")) == "worse"));
    }

    [Fact]
    public void TheGateFailsTheDisturbedRunWithExitCode3OnTheVcpuRows()
    {
        var (exitCode, output, error) = ToolProcess.Run("perfmap", "--compare", Fixture("compare-hog-base"), Fixture("compare-hog-loaded"), "-t", Vcpus, "--map", Fixtures.Path("compare/compare-hog.map.csv"), "--fail-if", "wakeup.p95 > +20%");

        Assert.True(exitCode == 3, $"exit {exitCode}: {error}");
        var failed = output.Split('\n').Where(line => line.Contains("FAIL", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, failed.Count);
        Assert.All(failed, line => Assert.Matches(@"^\| \w+\.\d+\.vcpu\d \| wakeup\.p95 \| [^|]+ \| [^|]+ \| \+\d+\.\d % \| \[\+[^|]+\] % \| \*\*worse\*\* ❌ FAIL `wakeup\.p95 > \+20%` \|$", line));
        Assert.Contains($"{failed.Count} failed the gate", output, StringComparison.Ordinal);
    }

    [Fact]
    public void PercentilesWithTooFewValuesBeyondThemAndTheMaximumGetNoIntervalAndNoVerdict()
    {
        // router.01.vcpu1 woke 168 times under the hogs: too few for p95 (200) and p99 (1000).
        var rows = Rows(Compare(Vcpus, "compare-hog.map.csv", "compare-hog-base", "compare-hog-loaded")).Where(row => row.GetProperty("task").GetString() == "router.01.vcpu1").ToList();
        JsonElement Row(string metric) => rows.Single(row => row.GetProperty("metric").GetString() == metric);

        foreach (var metric in new[] { "wakeup.p95", "wakeup.p99", "wakeup.max" })
        {
            Assert.Equal(("same", JsonValueKind.Null), (Verdict(Row(metric)), Row(metric).GetProperty("changeLowPercent").ValueKind));
            Assert.True(Row(metric).GetProperty("changePercent").GetDouble() > 100, Row(metric).ToString());
        }

        Assert.Equal("worse", Verdict(Row("wakeup.p50")));
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
    public void ThreeRunsCompareEachWithTheFirst()
    {
        var rows = Compare(Vms, "compare-hog.map.csv", "compare-hog-base", "compare-hog-quiet", "compare-hog-loaded");

        var comparisons = rows.RootElement.GetProperty("comparisons");
        Assert.Equal(2, comparisons.GetArrayLength());
        Assert.EndsWith("compare-hog-base.cdict", rows.RootElement.GetProperty("base").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("compare-hog-loaded.cdict", comparisons[1].GetProperty("run").GetString(), StringComparison.Ordinal);
        Assert.Equal(20261204UL, rows.RootElement.GetProperty("method").GetProperty("seed").GetUInt64());
        Assert.Equal(10, rows.RootElement.GetProperty("method").GetProperty("minimumTailValues").GetInt32());
    }

    [Fact]
    public void TasksOfOneRunOnlyAreAddedOrRemoved()
    {
        // router-01's fourth emulator thread (a qemu worker) had exited before compare-quiet-2.
        var (exitCode, output, error) = ToolProcess.Run("perfmap", "--compare", Fixture("compare-quiet-1"), Fixture("compare-quiet-2"), "-t", "router.01", "--map", Fixtures.Path("compare/compare.map.csv"));

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

    private JsonDocument Compare(string tasks, string map, params string[] runs) => CompareRows.Compare(folder, tasks, map, runs);
}
