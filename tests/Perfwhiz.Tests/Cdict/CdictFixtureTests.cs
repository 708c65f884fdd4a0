using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Cdict;

/// <summary>cdicts as the original perfwhiz's two packers wrote them (tests/fixtures/cdict/make_fixtures.py).</summary>
[Trait("Kind", "unit")]
public class CdictFixtureTests
{
    private const string LongName = "instance-000065d7.libvirt-qemu.vcpu0";

    private static readonly EventRow[] ExpectedRows =
    [
        new(EventKind.Switch, 0, 0, 1234, "qemu-kvm", 1_500_000, 0, "swapper/0", 0),
        new(EventKind.StatSleep, 1, 200_000, 70000, "kworker/1:0", 30_000_000, 0, null, 0),
        new(EventKind.StatIowait, 2, 300_000, 5, "进程名", 40_000, 0, null, 0),
        new(EventKind.KvmExit, 3, 70_000_000, 4000000, LongName, 12_000, EventTable.NoPid, null, 0xFFFFFFFF),
        new(EventKind.KvmEntry, 3, 70_012_000, 4000000, LongName, -100_000, EventTable.NoPid, null, 0),
        new(EventKind.KvmExit, 127, 5_000_000_000_000, 4000000, LongName, -1_000, EventTable.NoPid, null, 30),
        new(EventKind.Switch, 128, 5_000_001_000_000, 65536, "a\nb", -200_000, 4000000, LongName, 0),
        new(EventKind.Switch, 255, 5_000_002_000_000, 1, "</script><b>x", -70_000_000, 65535, "进程名", 0),
        new(EventKind.KvmEntry, 3, 5_000_003_000_000, 4000000, LongName, -5_000_000_000_000, EventTable.NoPid, null, 0),
    ];

    [Theory]
    [InlineData("original-str.cdict")]
    [InlineData("original-bin.cdict")]
    public void OriginalCdictsReadIdentically(string fixture)
    {
        var capture = CdictFile.Read(Path.Combine(AppContext.BaseDirectory, "fixtures", "cdict", fixture));

        Assert.Equal(ExpectedRows, CaptureAssert.Rows(capture));
        Assert.Equal(0, capture.Info.FormatVersion);
        Assert.Equal(0, capture.Wakeups.Count);
        Assert.False(capture.Events.HasPrevState);
        Assert.Empty(capture.Info.Warnings);
        Assert.Null(capture.Info.Host);
    }
}
