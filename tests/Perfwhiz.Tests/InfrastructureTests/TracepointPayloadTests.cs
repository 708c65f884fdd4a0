using System.Buffers.Binary;
using System.Text;

namespace Perfwhiz.Tests.InfrastructureTests;

[Trait("Kind", "unit")]
public sealed class TracepointPayloadTests
{
    [Fact]
    public void WritesNumbersAndCharArraysAtTheirOffsets()
    {
        var format = FormatFixtures.Load("sched/sched_switch");

        var payload = TracepointPayload.Build(format, bigEndian: false,
            [("common_pid", 1234), ("prev_comm", "bash"), ("prev_pid", 1234), ("prev_state", 0x100L), ("next_comm", "swapper/3"), ("next_pid", -1)]);

        Assert.Equal(64, payload.Length);
        Assert.Equal(format.Id, BinaryPrimitives.ReadUInt16LittleEndian(payload));
        Assert.Equal(1234, BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(4)));
        Assert.Equal("bash\0\0\0\0\0\0\0\0\0\0\0\0", Encoding.ASCII.GetString(payload, 8, 16));
        Assert.Equal(0x100L, BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(32)));
        Assert.Equal("swapper/3\0\0\0\0\0\0\0", Encoding.ASCII.GetString(payload, 40, 16));
        Assert.Equal(-1, BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(56)));
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(60))); // next_prio: not given
    }

    [Fact]
    public void WritesBigEndianNumbers()
    {
        var format = FormatFixtures.Load("kvm/kvm_entry");

        var payload = TracepointPayload.Build(format, bigEndian: true, [("vcpu_id", 3u), ("rip", 0xfffff80001234567UL), ("immediate_exit", true)]);

        Assert.Equal(format.Id, BinaryPrimitives.ReadUInt16BigEndian(payload));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(8)));
        Assert.Equal(0xfffff80001234567UL, BinaryPrimitives.ReadUInt64BigEndian(payload.AsSpan(16)));
        Assert.Equal(1, payload[24]);
    }

    [Fact]
    public void AppendsDataLocStringsAfterTheFixedPart()
    {
        var format = FormatFixtures.Load("sched/sched_stat_runtime");

        var payload = TracepointPayload.Build(format, bigEndian: false, [("comm", "CPU 0/KVM"), ("pid", 4330), ("runtime", 2500UL)]);

        Assert.Equal(24 + 10, payload.Length);
        Assert.Equal((10u << 16) | 24u, BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(8)));
        Assert.Equal("CPU 0/KVM\0", Encoding.ASCII.GetString(payload, 24, 10));
        Assert.Equal(2500UL, BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(16)));
    }

    [Fact]
    public void CountsRelLocOffsetsFromTheEndOfTheField()
    {
        var format = TracepointFormat.Parse("test", string.Join('\n',
            "name: rel_loc_test",
            "ID: 900",
            "format:",
            "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;",
            "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;",
            "",
            "\tfield:__rel_loc char[] name;\toffset:8;\tsize:4;\tsigned:0;",
            "\tfield:int value;\toffset:12;\tsize:4;\tsigned:1;",
            "",
            "print fmt: \"%s %d\", __get_rel_str(name), REC->value"));

        var payload = TracepointPayload.Build(format, bigEndian: true, [("name", "vcpu"), ("value", 7)]);

        Assert.Equal((5u << 16) | (16u - 12u), BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(8)));
        Assert.Equal("vcpu\0", Encoding.ASCII.GetString(payload, 16, 5));
    }

    [Fact]
    public void RejectsValuesThatDoNotFitTheirField()
    {
        var format = FormatFixtures.Load("sched/sched_switch");

        Assert.Throws<ArgumentException>(() => TracepointPayload.Build(format, bigEndian: false, [("prev_comm", "sixteen-chars-xx")]));
        Assert.Throws<ArgumentException>(() => TracepointPayload.Build(format, bigEndian: false, [("prev_pid", "1234")]));
        Assert.Throws<ArgumentException>(() => TracepointPayload.Build(format, bigEndian: false, [("prev_comm", 1234)]));
        Assert.Throws<ArgumentException>(() => TracepointPayload.Build(format, bigEndian: false, [("prev_pid", 1.5)]));
        Assert.Throws<ArgumentException>(() => TracepointPayload.Build(format, bigEndian: false, [("success", 1)]));
    }
}
