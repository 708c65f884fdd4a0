using System.Diagnostics;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Cdict;

[Trait("Kind", "unit")]
public class CdictRoundTripTests
{
    private readonly ITestOutputHelper output;

    public CdictRoundTripTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    [Fact]
    public void EveryKindNameAndMetadataSurvivesAFile()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("run.cdict");
        var capture = SampleCaptures.AllKinds();

        CdictFile.Write(path, capture);
        var read = CdictFile.Read(path);

        CaptureAssert.EventsEqual(capture, read);
        CaptureAssert.WakeupsEqual(capture, read);
        CaptureAssert.InfoEqual(capture.Info, read.Info);
        Assert.Equal(1, read.Info.FormatVersion);
        Assert.Equal(path, Assert.Single(Directory.GetFiles(directory.Path)));
    }

    [Fact]
    public void HostileAndUnicodeNamesComeBackVerbatim()
    {
        var read = CdictFile.Read(Bytes(SampleCaptures.AllKinds()), "memory.cdict");
        var rows = CaptureAssert.Rows(read);

        Assert.Equal(SampleCaptures.HostileName, rows[1].Task);
        Assert.Equal(SampleCaptures.UnicodeName, rows[2].Task);
        Assert.Equal(SampleCaptures.NewlineName, rows[6].Task);
        Assert.Equal(string.Empty, rows[7].NextTask);
        Assert.Null(rows[8].Task);
    }

    [Fact]
    public void KvmRowsKeepNoPidAndExitReasons()
    {
        var rows = CaptureAssert.Rows(CdictFile.Read(Bytes(SampleCaptures.AllKinds()), "memory.cdict"));

        Assert.Equal(new EventRow(EventKind.KvmExit, 3, 3_000_003, 4000, "CPU 0/KVM", 12_345, EventTable.NoPid, null, uint.MaxValue), rows[3]);
        Assert.Equal(new EventRow(EventKind.KvmEntry, 3, 3_012_348, 4000, "CPU 0/KVM", 2_001, EventTable.NoPid, null, 0), rows[4]);
        Assert.Equal(30u, rows[5].ExitReason);
    }

    [Fact]
    public void NanosecondsSurviveTheMicrosecondFloats()
    {
        var rows = CaptureAssert.Rows(CdictFile.Read(Bytes(SampleCaptures.AllKinds()), "memory.cdict"));

        Assert.Equal(1_500_123, rows[0].DurationNs);
        Assert.Equal(86_400_000_000_123, rows[7].TimeNs);
        Assert.Equal(-5, rows[7].DurationNs);
    }

    [Fact]
    public void PrevStateTravelsInTheExtension()
    {
        var read = CdictFile.Read(Bytes(SampleCaptures.AllKinds()), "memory.cdict");

        Assert.True(read.Events.HasPrevState);
        Assert.Equal([1, 0, 0, 0, 0, 0, 0x100, int.MaxValue, 0], read.Events.PrevState.AsSpan(0, read.Events.Count).ToArray());
    }

    [Fact]
    public void ACaptureWithoutPrevStateComesBackWithout()
    {
        var capture = SampleCaptures.AllKinds();
        capture.Events.HasPrevState = false;

        var read = CdictFile.Read(Bytes(capture), "memory.cdict");

        Assert.False(read.Events.HasPrevState);
        Assert.All(read.Events.PrevState.AsSpan(0, read.Events.Count).ToArray(), prevState => Assert.Equal(0, prevState));
        CaptureAssert.InfoEqual(capture.Info, read.Info);
    }

    [Fact]
    public void AnEmptyCaptureRoundTrips()
    {
        var empty = new Capture(new EventTable(new TaskNames()), new WakeupTable(), new CaptureInfo());

        var read = CdictFile.Read(Bytes(empty), "empty.cdict");

        Assert.Equal(0, read.Events.Count);
        Assert.Equal(0, read.Wakeups.Count);
        Assert.Null(read.Info.Host);
        Assert.Null(read.Info.CpuCount);
        Assert.Equal(1, read.Info.FormatVersion);
    }

    [Fact]
    public void WritingReplacesAnExistingFile()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("run.cdict");
        File.WriteAllText(path, "old content");

        CdictFile.Write(path, SampleCaptures.AllKinds());

        Assert.Equal(9, CdictFile.Read(path).Events.Count);
    }

    [Fact]
    public void AMissingFileIsAUserError()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("absent.cdict");

        var error = Assert.Throws<PerfwhizException>(() => CdictFile.Read(path));

        Assert.StartsWith($"cannot read {path}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnwritablePlaceIsAUserError()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "missing", "run.cdict");

        var error = Assert.Throws<PerfwhizException>(() => CdictFile.Write(path, SampleCaptures.AllKinds()));

        Assert.StartsWith("cannot write ", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public void AMillionRowsRoundTrip()
    {
        const int Rows = 1_240_000;
        var capture = SampleCaptures.Repeated(Rows);
        using var directory = new TemporaryDirectory();
        var path = directory.File("big.cdict");

        var clock = Stopwatch.StartNew();
        CdictFile.Write(path, capture);
        var writeTime = clock.Elapsed;
        clock.Restart();
        var read = CdictFile.Read(path);
        var readTime = clock.Elapsed;

        // Timings are informative only: the box running the tests may be busy.
        output.WriteLine($"{Rows} rows, {new FileInfo(path).Length} bytes: write {writeTime.TotalMilliseconds:F0} ms, read {readTime.TotalMilliseconds:F0} ms");
        CaptureAssert.EventsEqual(capture, read);
    }

    [Fact]
    public void NamesLongerThanTheReadWindowComeBackVerbatim()
    {
        // The event stream is decoded from a sliding window of a few hundred KB: these names span
        // several inflated chunks and must grow the window.
        var names = new TaskNames();
        var events = new EventTable(names);
        var longName = new string('x', 700_000) + "end";
        for (var row = 0; row < 4; row++)
        {
            events.Add(EventKind.Switch, row, row * 1_000, 5, names.Intern(longName + row), 2_000, 6, names.Intern("busy"), 0);
        }

        var capture = new Capture(events, new WakeupTable(), new CaptureInfo());
        var read = CdictFile.Read(Bytes(capture), "long.cdict");

        Assert.Equal(CaptureAssert.Rows(capture), CaptureAssert.Rows(read));
    }

    [Fact]
    public void ManyWakeupsRoundTrip()
    {
        // The extension, decoded from a sliding window like the events, spans many inflated chunks.
        var names = new TaskNames();
        var wakeups = new WakeupTable();
        for (var row = 0; row < 300_000; row++)
        {
            wakeups.Add((WakeupKind)(row % 3), row * 1_000L, row % 4, 100 + (row % 50), names.Intern($"task-{row % 50}"), (row + 1) % 4);
        }

        var capture = new Capture(new EventTable(names), wakeups, new CaptureInfo());
        var read = CdictFile.Read(Bytes(capture), "wakeups.cdict");

        CaptureAssert.WakeupsEqual(capture, read);
    }

    [Fact]
    public void EveryEncodingOfEveryColumnComesBackWhereverTheReadWindowCutsIt()
    {
        // Columns are decoded in runs of their common encodings, each other value and each value
        // cut by the end of what has been inflated read one by one: every width of integer, negative
        // ones, nil, long names and large exit reasons, interleaved over many inflated chunks.
        long[] ints = [0, 1, 127, 128, 255, 256, 65_535, 65_536, int.MaxValue, -1, -32, -33, -200, -40_000, int.MinValue];
        long[] times = [0, 5, 1_000_000, 4_294_967_296_000, 1_000_000_000_000_000, -7_000];
        uint[] reasons = [0, 30, 127, 200, 65_536, uint.MaxValue];
        var names = new TaskNames();
        string?[] tasks = ["a", "sched-messaging", new string('n', 40), "CPU 0/KVM", null, new string('w', 300)];
        var events = new EventTable(names);
        var wakeups = new WakeupTable();
        for (var row = 0; row < 200_000; row++)
        {
            var kind = (EventKind)(row % 5);
            var task = tasks[row % tasks.Length] is { } name ? names.Intern(name) : EventTable.NoTask;
            var nextTask = tasks[(row / 5) % tasks.Length] is { } next ? names.Intern(next) : EventTable.NoTask;
            var pid = (int)ints[row % ints.Length];
            var nextPid = (int)ints[(row / 3) % ints.Length];
            events.Add(
                kind, row % 8192, (row * 1_001L) + times[row % times.Length], pid, task, times[(row / 7) % times.Length] / 1000,
                kind switch { EventKind.Switch => nextPid, EventKind.KvmExit or EventKind.KvmEntry => EventTable.NoPid, _ => 0 },
                kind == EventKind.Switch ? nextTask : EventTable.NoTask,
                kind == EventKind.KvmExit ? reasons[row % reasons.Length] : 0,
                kind == EventKind.Switch ? (int)ints[(row / 11) % ints.Length] : 0);
            wakeups.Add((WakeupKind)(row % 3), times[row % times.Length] + row, (row * 7) % 8192, nextPid, task, row % 8192);
        }

        var capture = new Capture(events, wakeups, new CaptureInfo());
        var read = CdictFile.Read(Bytes(capture), "encodings.cdict");

        CaptureAssert.EventsEqual(capture, read);
        CaptureAssert.WakeupsEqual(capture, read);
    }

    [Fact]
    public void ALargeCdictWithoutExtensionReadsAsAnOriginalOne()
    {
        // Identical rows inflate far beyond the first buffer guess, which must grow; the checksum spans many blocks.
        var names = new TaskNames();
        var events = new EventTable(names);
        for (var row = 0; row < 300_001; row++)
        {
            events.Add(EventKind.Switch, 1, 1_000, 5, names.Intern("idle"), 2_000, 6, names.Intern("busy"), 0);
        }

        var capture = new Capture(events, new WakeupTable(), new CaptureInfo());
        var file = Bytes(capture);
        var eventStreamLength = file.Length - 16 - BitConverter.ToInt32(file, file.Length - 16);

        var read = CdictFile.Read(file[..eventStreamLength], "original.cdict");

        Assert.Equal(CaptureAssert.Rows(capture), CaptureAssert.Rows(read));
        Assert.False(read.Events.HasPrevState);
        Assert.Equal(0, read.Info.FormatVersion);
        Assert.Equal(0, read.Wakeups.Count);
    }

    private static byte[] Bytes(Capture capture)
    {
        using var stream = new MemoryStream();
        CdictFile.Write(stream, capture);
        return stream.ToArray();
    }
}
