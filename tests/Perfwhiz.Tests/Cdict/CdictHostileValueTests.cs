using Perfwhiz.Captures.Cdict;

namespace Perfwhiz.Tests.Cdict;

/// <summary>
/// Values found by mutation fuzzing that made perfmap overflow or run out of memory, and zlib
/// bombs: each is refused on read with one error, within a bounded amount of memory.
/// </summary>
[Trait("Kind", "unit")]
public class CdictHostileValueTests
{
    private const string Name = "hostile.cdict";

    // Far less than what the bombs below would take if they were inflated whole.
    private const long BombMemoryLimit = 64L << 20;

    [Theory]
    [InlineData(2147483647)]
    [InlineData(1 << 30)]
    [InlineData(100_000_000)]
    [InlineData(8192)]
    [InlineData(-1)]
    public void CpusBeyondLinuxsLimitAreRefused(int cpu)
    {
        var error = Fails(With("cpu", [0, cpu]));

        Assert.Equal($"{Name} (events): cpu {cpu} in row 1 is not a CPU number (0 to 8191, Linux's largest NR_CPUS)", error.Message);
    }

    [Fact]
    public void TheLargestCpuLoads()
    {
        var capture = CdictFile.Read(RawCdict.File(RawCdict.Columns(With("cpu", [0, 8191]))), Name);

        Assert.Equal(8191, capture.Events.Cpu[1]);
    }

    [Fact]
    public void DurationsWhoseSumWouldOverflowAreRefused()
    {
        // Each fits a long of ns; together they pass 2^62 ns.
        var error = Fails(With("duration", [3e15, -3e15]));

        Assert.Equal($"{Name} (events): the durations up to row 1 add up to more than 146 years", error.Message);
    }

    [Fact]
    public void TimesBeyondTheLimitAreRefused()
    {
        var error = Fails(With("usecs", [1.5, 5e15]));

        Assert.Equal($"{Name} (events): usecs 5000000000000000000 ns in row 1 is more than 146 years from the capture's start", error.Message);
    }

    [Fact]
    public void DataAfterTheMapIsRefusedWithoutInflatingIt()
    {
        // 256 MB of zeros after a valid map take 250 KB of zlib.
        byte[] events = [.. RawCdict.Columns(RawCdict.ValidColumns()), .. new byte[256 << 20]];

        var (error, allocated) = FailsMeasured(RawCdict.File(events));

        Assert.StartsWith($"{Name} (events): unexpected data after the map", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, BombMemoryLimit);
    }

    [Fact]
    public void ABombClaimingMillionsOfRowsFailsAtItsFirstBadValue()
    {
        // An event column of 16M rows, followed by 256 MB of zeros (250 KB of zlib): no event names.
        byte[] events = [0x88, 0xa5, .. "event"u8, 0xdd, 0x01, 0x00, 0x00, 0x00, .. new byte[256 << 20]];

        var (error, allocated) = FailsMeasured(RawCdict.File(events));

        Assert.Equal($"{Name} (events): expected an event name in row 0 of column 'event' at byte 12, found a positive fixint", error.Message);
        Assert.InRange(allocated, 0, BombMemoryLimit);
    }

    private static List<(string Name, object?[] Values)> With(string column, object?[] values) =>
        [.. RawCdict.ValidColumns().Select(entry => entry.Name == column ? (column, values) : entry)];

    private static CdictFormatException Fails(List<(string Name, object?[] Values)> columns) =>
        Assert.Throws<CdictFormatException>(() => CdictFile.Read(RawCdict.File(RawCdict.Columns(columns)), Name));

    private static (CdictFormatException Error, long Allocated) FailsMeasured(byte[] file)
    {
        // The reading thread's own allocations (the table, the inflated window): other tests may run meanwhile.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CdictFormatException>(() => CdictFile.Read(file, Name));
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
