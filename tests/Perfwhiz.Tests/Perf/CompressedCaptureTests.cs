using System.Globalization;
using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;

namespace Perfwhiz.Tests.Perf;

/// <summary>
/// perf record -z captures, written here with ZstdSharp's compressor (a real one is checked against
/// perf script on sched-z.perf.data in <see cref="PerfScriptCrossCheckTests"/>).
/// </summary>
[Trait("Kind", "process")]
public sealed class CompressedCaptureTests : IDisposable
{
    private const string TimeTool = "/usr/bin/time";

    // One frame of empty rounds: 1 MiB of FINISHED_ROUND records, a few hundred bytes compressed.
    private const int RoundsPerFrame = (1 << 20) / 8;

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-compressed-").FullName;
    private readonly ITestOutputHelper output;

    public CompressedCaptureTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void CompressedRecordsReadAsTheirUncompressedTwin()
    {
        var compressed = Convert(Writer().Compressed(writer => Switches(writer.Comm(10, 10, "worker", 0)), frames: 1));
        var uncompressedSwitches = Convert(Switches(Writer().Comm(10, 10, "worker", 0)));

        Assert.Equal(Rows(uncompressedSwitches), Rows(compressed));
        Assert.Equal(3, compressed.Events.Count);
    }

    /// <summary>
    /// A small file whose compressed data holds 128 MiB of empty rounds (a hostile or broken perf.data):
    /// the conversion's memory must follow the events it keeps, not the round markers.
    /// </summary>
    [Fact]
    public void EmptyRoundsHiddenInCompressedDataCostNoMemory()
    {
        Assert.True(File.Exists(TimeTool), $"{TimeTool} is not installed (Debian package 'time'): this test measures perfcap's peak memory with it");
        const int Frames = 128;
        var quiet = Path.Combine(folder, "quiet.perf.data");
        var flooded = Path.Combine(folder, "flooded.perf.data");
        Writer().Compressed(writer => Switches(writer.Comm(10, 10, "worker", 0))).Save(quiet);
        Writer()
            .Compressed(writer => Switches(writer.Comm(10, 10, "worker", 0)))
            .Compressed(EmptyRounds, Frames)
            .Save(flooded);

        var quietPeakKiB = PeakKiB(quiet);
        var floodedPeakKiB = PeakKiB(flooded);
        output.WriteLine($"perfcap peak RSS: {quietPeakKiB} KiB without the empty rounds, {floodedPeakKiB} KiB with {Frames} MiB of them in a {new FileInfo(flooded).Length} byte file");

        // Before the fix every round was remembered: 4 bytes each, 64 MiB here, doubled while growing.
        Assert.InRange(floodedPeakKiB - quietPeakKiB, long.MinValue, 48 * 1024);
    }

    private static void EmptyRounds(PerfDataWriter writer)
    {
        for (var i = 0; i < RoundsPerFrame; i++)
        {
            writer.FinishedRound();
        }
    }

    private static PerfDataWriter Writer() =>
        new([FormatFixtures.Load("sched/sched_switch")], new PerfDataWriterOptions { NrCpus = 1 });

    private static PerfDataWriter Switches(PerfDataWriter writer)
    {
        for (var i = 0; i < 4; i++)
        {
            writer.Sample("sched:sched_switch", (ulong)(1000 * (i + 1)), 0, 10, 10, ("prev_comm", "worker"), ("prev_pid", 10), ("prev_state", 1L), ("next_comm", "swapper/0"), ("next_pid", 0));
            writer.FinishedRound();
        }

        return writer;
    }

    private static List<(EventKind, long, int, string, long)> Rows(Capture capture) =>
        [.. Enumerable.Range(0, capture.Events.Count).Select(row => (
            capture.Events.Kind[row], capture.Events.TimeNs[row], capture.Events.Pid[row], capture.Names[capture.Events.Task[row]], capture.Events.DurationNs[row]))];

    private Capture Convert(PerfDataWriter writer)
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.perf.data");
        writer.Save(path);
        return PerfConversion.Convert(path);
    }

    /// <summary>perfcap's peak resident memory converting <paramref name="perfData"/>, as /usr/bin/time measures it.</summary>
    private long PeakKiB(string perfData)
    {
        var (exitCode, _, error) = ExternalTool.Run(
            TimeTool, "-f", "peak %M", "dotnet", Path.Combine(AppContext.BaseDirectory, "perfcap.dll"),
            "--use-perf-data", perfData, "--dest-folder", folder, "--force", Path.GetFileNameWithoutExtension(perfData));
        Assert.True(exitCode == 0, error);
        var peak = error.Split('\n').Last(line => line.StartsWith("peak ", StringComparison.Ordinal));
        return long.Parse(peak["peak ".Length..], CultureInfo.InvariantCulture);
    }
}
