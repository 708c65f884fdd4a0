using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;
using Perfwhiz.Perf;
using Perfwhiz.Tests.Cdict;

namespace Perfwhiz.Tests.Perf;

/// <summary>
/// Converted with runs of a few rows, so that the columns are deflated early even for small
/// captures, a capture's cdict inflates to the bytes of the one written without early columns.
/// How much was deflated early depends on the idle time the early thread found: the tests print it.
/// </summary>
[Trait("Kind", "unit")]
public sealed class EarlyDeflateConversionTests : IDisposable
{
    private const int RowsPerEarlyRun = 16;
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-early-").FullName;
    private readonly ITestOutputHelper output;

    public EarlyDeflateConversionTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    // cycles holds no scheduler tracepoint: nothing to convert.
    public static TheoryData<string> Fixtures => new("killed", "lost", "qemu", "sched-pipe", "sched-z", "sched");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void EachFixtureInflatesToTheBytesWrittenWithoutEarlyColumns(string fixture)
    {
        CaptureAssert.SameInflatedBytesAsWithoutEarlyColumns(Convert(Infrastructure.Fixtures.PerfData(fixture)));
    }

    [Fact]
    public void AnEventLaterThanItsRoundButEarlierThanTheFirstRowLeavesTheTimesToTheWrite()
    {
        // Rounds 1 and 2 are emitted (round 2 flushes round 1), then round 3 brings an event before them all.
        var writer = new PerfDataWriter([FormatFixtures.Load("sched/sched_switch"), FormatFixtures.Load("sched/sched_waking")], new PerfDataWriterOptions());
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                var time = (ulong)(1_000_000 + (round * 100_000) + (i * 100));
                writer.Sample("sched:sched_waking", time, i % 2, 1, 1, ("comm", "w"), ("pid", 10 + i), ("target_cpu", i % 2))
                    .Sample("sched:sched_switch", time + 50, i % 2, 1, 1, ("prev_comm", "p"), ("prev_pid", 20 + i), ("next_comm", "n"), ("next_pid", 21 + i));
            }

            writer.FinishedRound();
        }

        writer.Sample("sched:sched_waking", 500, 0, 1, 1, ("comm", "late"), ("pid", 9), ("target_cpu", 0)).FinishedRound();
        var path = Path.Combine(folder, "late.perf.data");
        writer.Save(path);

        var capture = Convert(path);

        Assert.Equal(500, capture.Info.FirstEventPerfClockNs);
        // Rows hold times from the first row's until the end shifts them to the late one's.
        var wakeupTimes = capture.Wakeups.TimeNs.AsSpan(0, capture.Wakeups.Count).ToArray();
        Assert.Equal(999_500, wakeupTimes[0]);
        Assert.Equal(0, wakeupTimes.Min());
        Assert.Equal(1_209_400, wakeupTimes.Max());
        Assert.Equal(1_000_250 - 500, capture.Events.TimeNs[0]); // the first switch of each CPU, with no known start, is not a row
        Assert.Contains(capture.Info.Warnings, warning => warning.Contains("arrived after later ones", StringComparison.Ordinal));
        Assert.Equal(0, EarlyColumns.Of(capture.EarlyColumns, EarlyColumn.WakeupTime).Rows);
        Assert.Equal(0, EarlyColumns.Of(capture.EarlyColumns, EarlyColumn.EventUsecs).Rows);
        CaptureAssert.SameInflatedBytesAsWithoutEarlyColumns(capture);
    }

    private Capture Convert(string path)
    {
        using var builder = new PerfCaptureBuilder(path, RowsPerEarlyRun);
        var summary = PerfDataReader.Read(path, builder, builder.OnProgress);
        var capture = builder.Finish(summary);
        output.WriteLine($"{Path.GetFileName(path)}: {capture.Events.Count} rows, {capture.Wakeups.Count} wakeups; deflated early: "
            + string.Join(", ", Enum.GetValues<EarlyColumn>().Select(column => $"{column} {EarlyColumns.Of(capture.EarlyColumns, column).Rows}")));
        return capture;
    }
}
