using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Cdict;

/// <summary>
/// A read that keeps only some columns (<see cref="CaptureColumns"/>): the others take no memory,
/// every kept one is read as a whole read reads it, and a damaged file is refused alike.
/// </summary>
[Trait("Kind", "unit")]
public class CdictColumnsTests
{
    private const string Name = "columns.cdict";

    // More than one block of UnkeptCpus and many inflated chunks.
    private const int Wakeups = 100_000;

    [Fact]
    public void WithoutWakeupCpusEveryOtherColumnIsReadAndTheCpusAreNotKept()
    {
        // CPU numbers past a fixint's (128 and up) amid the fixints.
        var file = Bytes(WithWakeups(wakeups => (wakeups.Cpu[30_000], wakeups.TargetCpu[50_000]) = (200, CdictLimits.MaxCpus - 1)));

        var whole = CdictFile.Read(file, Name);
        var partial = CdictFile.Read(file, Name, CaptureColumns.WithoutWakeupCpus);

        CaptureAssert.EventsEqual(whole, partial);
        CaptureAssert.InfoEqual(whole.Info, partial.Info);
        Assert.Equal(Wakeups, partial.Wakeups.Count);
        Assert.Equal(WakeupsButCpus(whole), WakeupsButCpus(partial));
        Assert.True(whole.Wakeups.HasCpus);
        Assert.Equal(Enumerable.Range(0, Wakeups).Select(row => row == 30_000 ? 200 : row % 4), whole.Wakeups.Cpu.Take(Wakeups));
        Assert.Equal(CdictLimits.MaxCpus - 1, whole.Wakeups.TargetCpu[50_000]);
        Assert.False(partial.Wakeups.HasCpus);
        Assert.Empty(partial.Wakeups.Cpu);
        Assert.Empty(partial.Wakeups.TargetCpu);
    }

    [Fact]
    public void ACaptureReadWithoutItsWakeupCpusIsNotWrittenAsIfItHadNone()
    {
        var partial = CdictFile.Read(Bytes(WithWakeups(_ => { })), Name, CaptureColumns.WithoutWakeupCpus);

        var refused = Assert.Throws<ArgumentException>(() => CdictFile.Write(Stream.Null, partial));

        Assert.Contains("without its wakeups' CPUs", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    // The first row outside the limits is named, in the order a whole read checks a row: cpu,
    // target_cpu, then time, wherever the values fall in the blocks an unkept column is read in.
    [InlineData(70_000, -1, -1, "wakeup cpu 8192 in row 70000 is not a CPU number")]
    [InlineData(-1, 17, -1, "wakeup target_cpu 8192 in row 17 is not a CPU number")]
    [InlineData(500, 500, -1, "wakeup cpu 8192 in row 500 is not a CPU number")]
    [InlineData(900, 40_000, 300, "wakeup time_ns 9223372036854775807 ns in row 300 is more than 146 years")]
    [InlineData(40_000, 900, 40_000, "wakeup target_cpu 8192 in row 900 is not a CPU number")]
    public void AWakeupCpuOutsideTheLimitsIsRefusedAlikeWhetherKeptOrNot(int cpuRow, int targetCpuRow, int timeRow, string expected)
    {
        var file = Bytes(WithWakeups(wakeups =>
        {
            SetAt(wakeups.Cpu, cpuRow, CdictLimits.MaxCpus);
            SetAt(wakeups.TargetCpu, targetCpuRow, CdictLimits.MaxCpus);
            SetAt(wakeups.TimeNs, timeRow, long.MaxValue);
        }));

        var whole = Assert.Throws<CdictFormatException>(() => CdictFile.Read(file, Name));
        var partial = Assert.Throws<CdictFormatException>(() => CdictFile.Read(file, Name, CaptureColumns.WithoutWakeupCpus));

        Assert.Contains(expected, whole.Message, StringComparison.Ordinal);
        Assert.Equal(whole.Message, partial.Message);
    }

    [Fact]
    public void AWakeupCpuThatIsNoIntegerIsRefusedAlikeWhetherKeptOrNot()
    {
        var (events, extension) = RawCdict.Split(Bytes(WithWakeups(_ => { })));
        // The wakeups' cpu column (an array32 of fixints, a byte a row) with row 20000, in the second
        // block an unkept column is read in, made a nil.
        byte[] cpuColumn = [0xa3, .. "cpu"u8, 0xdd];
        var values = extension.AsSpan().IndexOf(cpuColumn) + cpuColumn.Length + 4;
        extension[values + 20_000] = 0xc0;
        var file = RawCdict.File(events, extension);

        var whole = Assert.Throws<CdictFormatException>(() => CdictFile.Read(file, Name));
        var partial = Assert.Throws<CdictFormatException>(() => CdictFile.Read(file, Name, CaptureColumns.WithoutWakeupCpus));

        Assert.Contains("expected an integer in row 20000 of column 'cpu'", whole.Message, StringComparison.Ordinal);
        Assert.Equal(whole.Message, partial.Message);
    }

    private static void SetAt<T>(T[] column, int row, T value)
    {
        if (row >= 0)
        {
            column[row] = value;
        }
    }

    /// <summary>A capture of every kind of event with <see cref="Wakeups"/> wakeups, changed by <paramref name="damage"/>.</summary>
    private static Capture WithWakeups(Action<WakeupTable> damage)
    {
        var sample = SampleCaptures.AllKinds();
        var wakeups = new WakeupTable();
        for (var row = 0; row < Wakeups; row++)
        {
            wakeups.Add((WakeupKind)(row % 3), row * 1_000L, row % 4, 100 + (row % 50), sample.Names.Intern($"task-{row % 50}"), (row + 1) % 4);
        }

        damage(wakeups);
        return new Capture(sample.Events, wakeups, sample.Info);
    }

    private static List<(WakeupKind Kind, long TimeNs, int Pid, string Task)> WakeupsButCpus(Capture capture)
    {
        var table = capture.Wakeups;
        return [.. Enumerable.Range(0, table.Count).Select(row => (table.Kind[row], table.TimeNs[row], table.Pid[row], capture.Names[table.Task[row]]))];
    }

    private static byte[] Bytes(Capture capture)
    {
        using var stream = new MemoryStream();
        CdictFile.Write(stream, capture);
        return stream.ToArray();
    }
}
