using System.Text;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Cdict;

[Trait("Kind", "unit")]
public class MessagePackWriterTests
{
    [Theory]
    [InlineData(0L, "00")]
    [InlineData(127L, "7f")]
    [InlineData(128L, "cc80")]
    [InlineData(255L, "ccff")]
    [InlineData(256L, "cd0100")]
    [InlineData(65535L, "cdffff")]
    [InlineData(65536L, "ce00010000")]
    [InlineData(4294967295L, "ceffffffff")]
    [InlineData(4294967296L, "cf0000000100000000")]
    [InlineData(long.MaxValue, "cf7fffffffffffffff")]
    [InlineData(-1L, "ff")]
    [InlineData(-32L, "e0")]
    [InlineData(-33L, "d0df")]
    [InlineData(-128L, "d080")]
    [InlineData(-129L, "d1ff7f")]
    [InlineData(-32768L, "d18000")]
    [InlineData(-32769L, "d2ffff7fff")]
    [InlineData(-2147483648L, "d280000000")]
    [InlineData(-2147483649L, "d3ffffffff7fffffff")]
    [InlineData(long.MinValue, "d38000000000000000")]
    public void IntegersTakeTheirSmallestEncoding(long value, string expectedHex)
    {
        Assert.Equal(expectedHex, Hex(writer => writer.WriteInt64(value)));
    }

    [Fact]
    public void ArraysOfInt32sTakeTheEncodingsOfEachValueAcrossBufferBoundaries()
    {
        // Every width's edges, then enough of them (10 bytes up to 34 a round) to run over the writer's 64 KiB buffer many times.
        int[] edges = [0, 127, 128, 255, 256, 65535, 65536, int.MaxValue, -1, -32, -33, -128, -129, -32768, -32769, int.MinValue];
        var values = Enumerable.Range(0, 40_000).Select(index => edges[index % edges.Length] ^ (index % 3)).ToArray();

        var bulk = RawCdict.MessagePack(writer =>
        {
            writer.WriteRaw([0x90]); // out of line with the values' sizes
            writer.WriteInt32s(values);
        });
        var oneByOne = RawCdict.MessagePack(writer =>
        {
            writer.WriteRaw([0x90]);
            foreach (var value in values)
            {
                writer.WriteInt64(value);
            }
        });

        Assert.Equal(oneByOne, bulk);
    }

    [Fact]
    public void ArraysOfTimesTakeTheEncodingsOfEachValueAcrossBufferBoundaries()
    {
        // Every width's edges around an origin, as integers and as doubles of a thousandth.
        long[] edges = [0, 127, 128, 65536, int.MaxValue, 1L + int.MaxValue, uint.MaxValue, 1L + uint.MaxValue, long.MaxValue - 20, -33, -32769, int.MinValue, -1L + int.MinValue, long.MinValue + 10];
        const long origin = 7;
        var values = Enumerable.Range(0, 30_000).Select(index => edges[index % edges.Length] + origin + (index % 5)).ToArray();

        Assert.Equal(
            RawCdict.MessagePack(writer => Array.ForEach(values, value => writer.WriteInt64(value - origin))),
            RawCdict.MessagePack(writer => writer.WriteInt64s(values, origin)));
        Assert.Equal(
            RawCdict.MessagePack(writer => Array.ForEach(values, value => writer.WriteDouble((value - origin) / 1000.0))),
            RawCdict.MessagePack(writer => writer.WriteDoubles(values, origin, 1000.0)));
    }

    [Theory]
    [InlineData(70_000)] // longer than the writer's buffer: each encoding copied by its length
    [InlineData(31)] // the longest whose encoding (32 bytes) fits a slot: slots moved whole
    public void ColumnsOfRepeatedValuesAreTheEncodingsTheirKeysPick(int longestName)
    {
        // Task names with no task (-1: nil) among them, one of the given length, over many buffers.
        var names = new TaskNames();
        names.Intern("a");
        names.Intern(new string('x', longestName));
        names.Intern("sched-messaging");
        var tasks = EncodedValues.OfTasks(names);
        Assert.Equal(longestName < EncodedValues.SlotBytes, tasks.Slots is not null);
        var keys = Enumerable.Range(0, 30_000).Select(index => index % 997 == 5 ? 1 : index % 4 == 0 ? 2 : (index % 2) - 1).ToArray();

        var bulk = RawCdict.MessagePack(writer => writer.WriteEncoded<int>(keys, tasks));
        var oneByOne = RawCdict.MessagePack(writer =>
        {
            foreach (var key in keys)
            {
                if (key < 0)
                {
                    writer.WriteNil();
                }
                else
                {
                    writer.WriteString(names.Utf8(key));
                }
            }
        });

        Assert.Equal(oneByOne, bulk);
    }

    [Fact]
    public void UInt64AboveInt64RangeIsUint64()
    {
        Assert.Equal("cfffffffffffffffff", Hex(writer => writer.WriteUInt64(ulong.MaxValue)));
        Assert.Equal("ceffffffff", Hex(writer => writer.WriteUInt64(uint.MaxValue)));
    }

    [Fact]
    public void ScalarsHaveTheirTypeBytes()
    {
        Assert.Equal("c0", Hex(writer => writer.WriteNil()));
        Assert.Equal("c3c2", Hex(writer =>
        {
            writer.WriteBoolean(true);
            writer.WriteBoolean(false);
        }));
        Assert.Equal("ca3fc00000", Hex(writer => writer.WriteSingle(1.5f)));
        Assert.Equal("cb3ff8000000000000", Hex(writer => writer.WriteDouble(1.5)));
        Assert.Equal("cb8000000000000000", Hex(writer => writer.WriteDouble(-0.0)));
    }

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(31, "bf")]
    [InlineData(32, "d920")]
    [InlineData(255, "d9ff")]
    [InlineData(256, "da0100")]
    [InlineData(65535, "daffff")]
    [InlineData(65536, "db00010000")]
    public void StringHeadersFollowTheLength(int length, string expectedHeaderHex)
    {
        var text = new string('x', length);
        var encoded = RawCdict.MessagePack(writer => writer.WriteString(text));
        var headerLength = expectedHeaderHex.Length / 2;
        Assert.Equal(expectedHeaderHex, Convert.ToHexStringLower(encoded.AsSpan(0, headerLength)));
        Assert.Equal(headerLength + length, encoded.Length);
        Assert.All(encoded.Skip(headerLength), b => Assert.Equal((byte)'x', b));
        Assert.Equal(encoded, MessagePackWriter.EncodeString(text));
        Assert.Equal(encoded, RawCdict.MessagePack(writer => writer.WriteString(Encoding.UTF8.GetBytes(text))));
    }

    [Fact]
    public void StringsAreUtf8WithTheByteLength()
    {
        // 3 characters, 9 bytes.
        Assert.Equal("a9e8bf9be7a88be5908d", Hex(writer => writer.WriteString("进程名")));
    }

    [Theory]
    [InlineData(0, "c400")]
    [InlineData(255, "c4ff")]
    [InlineData(256, "c50100")]
    [InlineData(65535, "c5ffff")]
    [InlineData(65536, "c600010000")]
    public void BinaryHeadersFollowTheLength(int length, string expectedHeaderHex)
    {
        var bytes = new byte[length];
        var encoded = RawCdict.MessagePack(writer => writer.WriteBinary(bytes));
        Assert.Equal(expectedHeaderHex, Convert.ToHexStringLower(encoded.AsSpan(0, expectedHeaderHex.Length / 2)));
        Assert.Equal((expectedHeaderHex.Length / 2) + length, encoded.Length);
    }

    [Theory]
    [InlineData(0, "90", "80")]
    [InlineData(15, "9f", "8f")]
    [InlineData(16, "dc0010", "de0010")]
    [InlineData(65535, "dcffff", "deffff")]
    [InlineData(65536, "dd00010000", "df00010000")]
    public void ContainerHeadersFollowTheCount(int count, string arrayHex, string mapHex)
    {
        Assert.Equal(arrayHex, Hex(writer => writer.WriteArrayHeader(count)));
        Assert.Equal(mapHex, Hex(writer => writer.WriteMapHeader(count)));
    }

    [Fact]
    public void ValuesLargerThanTheBufferArriveWhole()
    {
        var big = new string('é', 100_000);
        var raw = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        using var stream = new MemoryStream();
        using (var writer = new MessagePackWriter(stream))
        {
            for (var i = 0; i < 10_000; i++)
            {
                writer.WriteInt64(i);
            }

            writer.WriteString(big);
            writer.WriteBinary(raw);
            writer.Flush();
            Assert.Equal(stream.Length, writer.BytesWritten);
        }

        var reader = new MessagePackReader(stream.ToArray(), "test");
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(i, reader.ReadInt64());
        }

        Assert.Equal(big, reader.ReadString());
        Assert.Equal(raw, reader.ReadStringBytes().ToArray());
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void BytesWrittenCountsBufferedAndFlushedBytes()
    {
        using var stream = new MemoryStream();
        using var writer = new MessagePackWriter(stream);
        writer.WriteInt64(300);
        Assert.Equal(3, writer.BytesWritten);
        Assert.Equal(0, stream.Length);
        writer.Flush();
        Assert.Equal(3, stream.Length);
        writer.WriteDouble(1);
        Assert.Equal(12, writer.BytesWritten);
    }

    [Fact]
    public void Utf8StringsEncodeAsTextDoesAcrossBufferFlushes()
    {
        // Enough names of varied lengths that headers fall at every position of the writer's buffer.
        var names = Enumerable.Range(0, 40_000).Select(i => $"task-{i}{new string('x', i % 40)}").ToList();

        var fromText = RawCdict.MessagePack(writer => names.ForEach(writer.WriteString));
        var fromUtf8 = RawCdict.MessagePack(writer => names.ForEach(name => writer.WriteString(Encoding.UTF8.GetBytes(name))));

        Assert.Equal(fromText, fromUtf8);
    }

    [Fact]
    public void Utf8StringsCutTheCompressedStreamWhereTheirWholeEncodingWould()
    {
        var names = Enumerable.Range(0, 40_000).Select(i => $"task-{i}{new string('x', i % 40)}").ToList();

        var whole = Compressed(writer => names.ForEach(name => writer.WriteRaw(MessagePackWriter.EncodeString(name))));
        var utf8 = Compressed(writer => names.ForEach(name => writer.WriteString(Encoding.UTF8.GetBytes(name))));

        Assert.Equal(whole, utf8);
    }

    private static byte[] Compressed(Action<MessagePackWriter> write)
    {
        using var stream = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(stream, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new MessagePackWriter(zlib))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    private static string Hex(Action<MessagePackWriter> write) => Convert.ToHexStringLower(RawCdict.MessagePack(write));
}
