
namespace Perfwhiz.Tests.InfrastructureTests;

[Trait("Kind", "unit")]
public sealed class TracingDataBlobTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WritesVersion06WithTheRecordedSystemsInOrder(bool bigEndian)
    {
        TracepointFormat[] formats = [FormatFixtures.Load("sched/sched_switch"), FormatFixtures.Load("kvm/kvm_exit"), FormatFixtures.Load("sched/sched_waking")];

        var blob = TracingDataBlob.Build(formats, bigEndian, "page text", "event text", "1234 bash\n");

        var reader = new EndianReader(blob, bigEndian);
        Assert.Equal([0x17, 0x08, 0x44, .. "tracing"u8], reader.Bytes(10));
        Assert.Equal("0.6", reader.CString());
        Assert.Equal(bigEndian ? 1 : 0, reader.U8());
        Assert.Equal(8, reader.U8()); // sizeof(long)
        Assert.Equal(4096u, reader.U32());
        Assert.Equal("header_page", reader.CString());
        Assert.Equal("page text", LongText(reader));
        Assert.Equal("header_event", reader.CString());
        Assert.Equal("event text", LongText(reader));
        Assert.Equal(0u, reader.U32()); // ftrace formats
        Assert.Equal(2u, reader.U32());
        Assert.Equal("sched", reader.CString());
        Assert.Equal(2u, reader.U32());
        Assert.Equal(formats[0].Text, LongText(reader));
        Assert.Equal(formats[2].Text, LongText(reader));
        Assert.Equal("kvm", reader.CString());
        Assert.Equal(1u, reader.U32());
        Assert.Equal(formats[1].Text, LongText(reader));
        Assert.Equal(0u, reader.U32()); // kallsyms
        Assert.Equal(0u, reader.U32()); // printk formats
        Assert.Equal("1234 bash\n", LongText(reader));
        Assert.Equal(blob.Length, reader.Position);
    }

    private static string LongText(EndianReader reader) =>
        System.Text.Encoding.UTF8.GetString(reader.Bytes(checked((int)reader.U64())));
}
