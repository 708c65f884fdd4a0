using System.Text.Json;
using static Perfwhiz.Tests.Comparison.CompareRows;

namespace Perfwhiz.Tests.Comparison;

/// <summary>
/// <c>perfmap --compare --repeats N</c> on real captures (tests/fixtures/perf/README.md,
/// "compare-rep"): the four VMs captured three times quiet, interleaved with three more quiet
/// captures, then three times with a SCHED_FIFO hog busy 3 ms of every 4 on each core. Single
/// captures of this workload land in different scheduling regimes; sets of three hold that spread.
/// </summary>
[Trait("Kind", "process")]
public sealed class RepeatedCompareCommandTests : IDisposable
{
    private static readonly string[] BaseSet = ["compare-rep-base-1", "compare-rep-base-2", "compare-rep-base-3"];
    private static readonly string[] QuietSet = ["compare-rep-quiet-1", "compare-rep-quiet-2", "compare-rep-quiet-3"];
    private static readonly string[] LoadedSet = ["compare-rep-loaded-1", "compare-rep-loaded-2", "compare-rep-loaded-3"];
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-repeats-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TheSameWorkloadCapturedThreeTimesEachIsCalledTheSame()
    {
        var rows = Rows(Compare(Vms, [.. BaseSet, .. QuietSet])).ToList();

        var same = rows.Count(row => Verdict(row) == "same");
        Assert.True(rows.Count >= 80, $"{rows.Count} rows");
        Assert.True(same >= 0.95 * rows.Count, $"{same} of {rows.Count} rows same; not same: {string.Join("; ", NotSame(rows))}");
    }

    [Fact]
    public void ARealTimeHogOnEveryCoreIsWorseBeyondTheSpreadOfTheRuns()
    {
        var rows = Rows(Compare(Vcpus, [.. BaseSet, .. LoadedSet])).ToList();
        var vcpus = rows.Select(row => row.GetProperty("task").GetString()!).Distinct().ToList();
        JsonElement Row(string vcpu, string metric) => rows.Single(row => row.GetProperty("task").GetString() == vcpu && row.GetProperty("metric").GetString() == metric);

        Assert.Equal(6, vcpus.Count);
        foreach (var vcpu in vcpus)
        {
            var runtime = Row(vcpu, "runtime");
            Assert.True(Verdict(runtime) == "worse" && runtime.GetProperty("changeHighPercent").GetDouble() < 0, $"{vcpu}: {runtime}");
        }

        // Every vCPU woke over 200 times in each run, enough for a verdict on its p95.
        Assert.All(vcpus.Select(vcpu => Row(vcpu, "wakeup.p95")), row => Assert.True(Verdict(row) == "worse" && row.GetProperty("changeLowPercent").GetDouble() > 0, $"{row}"));
    }

    [Fact]
    public void TheGateFailsOnTheLoadedSetAndNotOnTheQuietOne()
    {
        string[] gate = ["--fail-if", "runtime < -20%", "--fail-if", "wakeup.p95 > +20%"];
        var loaded = ToolProcess.Run("perfmap", ["--compare", "--repeats", "3", .. BaseSet.Concat(LoadedSet).Select(Fixture), "-t", Vcpus, .. gate]);
        var quiet = ToolProcess.Run("perfmap", ["--compare", "--repeats", "3", .. BaseSet.Concat(QuietSet).Select(Fixture), "-t", Vcpus, .. gate]);

        Assert.True(loaded.ExitCode == 3, $"exit {loaded.ExitCode}: {loaded.Error}\n{loaded.Output}");
        Assert.Contains("❌ FAIL `runtime < -20%`", loaded.Output, StringComparison.Ordinal);
        Assert.True(quiet.ExitCode == 0, $"exit {quiet.ExitCode}: {quiet.Error}\n{quiet.Output}");
        Assert.Contains("Method: 3 runs each, values are their geometric means, Welch's t interval", quiet.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheJsonNamesTheSetsAndTheMethod()
    {
        var document = Compare(Vcpus, [.. BaseSet, .. QuietSet, .. LoadedSet]).RootElement;

        var method = document.GetProperty("method");
        Assert.Equal(3, method.GetProperty("repeats").GetInt32());
        Assert.StartsWith("Welch's t interval", method.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(string.Join(" + ", BaseSet.Select(Fixture)), document.GetProperty("base").GetString());
        var comparisons = document.GetProperty("comparisons");
        Assert.Equal(2, comparisons.GetArrayLength());
        Assert.Equal(string.Join(" + ", LoadedSet.Select(Fixture)), comparisons[1].GetProperty("run").GetString());
        Assert.Equal(JsonValueKind.Null, comparisons[0].GetProperty("baseBlockSlices").ValueKind);
    }

    [Theory]
    [InlineData("2", 3, "needs the cdict files in sets of 2")]
    [InlineData("2", 2, "needs the cdict files in sets of 2")]
    [InlineData("0", 2, "--repeats must be 1 or more")]
    public void CdictsNotInSetsAreAUsageError(string repeats, int files, string message)
    {
        var (exitCode, _, error) = ToolProcess.Run("perfmap", ["--compare", "--repeats", repeats, .. BaseSet.Take(files).Select(Fixture)]);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatsNeedCompare()
    {
        var (exitCode, _, error) = ToolProcess.Run("perfmap", ["--repeats", "2", Fixture(BaseSet[0]), Fixture(BaseSet[1])]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--repeats needs --compare", error, StringComparison.Ordinal);
    }

    private JsonDocument Compare(string tasks, string[] runs) => CompareRows.Compare(folder, tasks, "compare-rep.map.csv", runs, "--repeats", "3");
}
