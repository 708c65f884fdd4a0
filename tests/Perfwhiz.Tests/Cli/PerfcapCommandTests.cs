using Perfwhiz.Captures.Cdict;

namespace Perfwhiz.Tests.Cli;

/// <summary>perfcap --use-perf-data end to end: output, summary, and one clear line for bad input.</summary>
[Trait("Kind", "process")]
public sealed class PerfcapCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-perfcap-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ConvertsACaptureAndSaysWhatItKeptDroppedAndWrote()
    {
        var (exitCode, output, error) = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--dest-folder", folder, "run1");

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.Contains("2,554  sched:sched_switch", output, StringComparison.Ordinal);
        Assert.Contains("3,102  sched:sched_stat_runtime  (as switch run times)", output, StringComparison.Ordinal);
        Assert.Contains("28  sched:sched_migrate_task", output, StringComparison.Ordinal);
        Assert.Contains("Lost: none", output, StringComparison.Ordinal);
        Assert.Contains("no schedstats", output, StringComparison.Ordinal);
        var cdict = Path.Combine(folder, "run1.cdict");
        Assert.Contains($"Wrote {cdict}: 2,554 rows, 2,690 wakeups", output, StringComparison.Ordinal);
        Assert.Equal(2554, CdictFile.Read(cdict).Events.Count);
        Assert.Equal("run1.cdict", Path.GetFileName(Assert.Single(Directory.GetFiles(folder))));
    }

    [Fact]
    public void ReportsLostEvents()
    {
        var (exitCode, output, _) = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("lost"), "--dest-folder", folder, "lost");

        Assert.Equal(0, exitCode);
        Assert.Contains("Lost: 15,749 events in 99 places", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedDataIsReadAsFarAsItGoesWithAWarning()
    {
        var bytes = File.ReadAllBytes(Fixtures.PerfData("sched"));
        var truncated = Path.Combine(folder, "truncated.perf.data");
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length / 2).ToArray());

        var (exitCode, output, _) = ToolProcess.Run("perfcap", "--use-perf-data", truncated, "--dest-folder", folder, "cut");

        Assert.Equal(0, exitCode);
        Assert.Contains("Warning: the file is truncated", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "cut.cdict")));
    }

    [Fact]
    public void CancelledConversionWritesNothing()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var options = new Perfwhiz.Perfcap.PerfcapOptions("stopped", folder) { UsePerfData = Fixtures.PerfData("sched") };

        Assert.ThrowsAny<OperationCanceledException>(() => Perfwhiz.Perfcap.PerfcapRunner.Run(options, TextWriter.Null, cancelled.Token));
        Assert.Empty(Directory.GetFiles(folder));
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "random", "is not a perf.data file (no PERFILE2 magic)" },
        { "header-only", "is not a perf.data file: it is shorter than a perf header" },
        { "cut-in-attributes", "lies outside the file" },
        { "cycles", "holds no scheduler or KVM tracepoints (it holds: cpu-clock, dummy:HG)" },
        { "missing", "no such file" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputGetsOneClearLineANonZeroExitAndNoOutputFile(string input, string message)
    {
        var path = BadInput(input);

        var (exitCode, output, error) = ToolProcess.Run("perfcap", "--use-perf-data", path, "--dest-folder", folder, "bad");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("perfcap: error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(folder), file => file.Contains("bad", StringComparison.Ordinal));
    }

    private string BadInput(string input)
    {
        var path = Path.Combine(folder, input + ".perf.data");
        var sched = File.ReadAllBytes(Fixtures.PerfData("sched"));
        switch (input)
        {
            case "random":
                File.WriteAllBytes(path, [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) ^ (i >> 3)))]);
                break;
            case "header-only":
                File.WriteAllBytes(path, sched.AsSpan(0, 12).ToArray());
                break;
            case "cut-in-attributes":
                File.WriteAllBytes(path, sched.AsSpan(0, 200).ToArray());
                break;
            case "cycles":
                return Fixtures.PerfData("cycles");
            case "missing":
                break;
        }

        return path;
    }
}
