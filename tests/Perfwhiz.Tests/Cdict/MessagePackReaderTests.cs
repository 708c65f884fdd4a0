using Perfwhiz.Captures.Cdict;

namespace Perfwhiz.Tests.Cdict;

[Trait("Kind", "unit")]
public class MessagePackReaderTests
{
    private delegate void ReadAction(ref MessagePackReader reader);

    [Theory]
    [InlineData("00", 0L)]
    [InlineData("7f", 127L)]
    [InlineData("ff", -1L)]
    [InlineData("e0", -32L)]
    [InlineData("cc00", 0L)]
    [InlineData("ccff", 255L)]
    [InlineData("cdffff", 65535L)]
    [InlineData("ceffffffff", 4294967295L)]
    [InlineData("cf7fffffffffffffff", long.MaxValue)]
    [InlineData("d080", -128L)]
    [InlineData("d07f", 127L)]
    [InlineData("d18000", -32768L)]
    [InlineData("d280000000", -2147483648L)]
    [InlineData("d38000000000000000", long.MinValue)]
    [InlineData("d30000000000000005", 5L)]
    public void ReadsEveryIntegerWidth(string hex, long expected)
    {
        var reader = Reader(hex);
        Assert.True(reader.TryReadInt64(out var value));
        Assert.Equal(expected, value);
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void IntegersAtEveryBoundaryRoundTrip()
    {
        long[] boundaries = [0, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue, -1, -32, -33, -128, -129, -32768, -32769, int.MinValue, (long)int.MinValue - 1, long.MinValue];
        var encoded = RawCdict.MessagePack(writer =>
        {
            foreach (var value in boundaries)
            {
                writer.WriteInt64(value);
            }

            writer.WriteUInt64(ulong.MaxValue);
        });
        var reader = new MessagePackReader(encoded, "test");
        foreach (var value in boundaries)
        {
            Assert.Equal(value, reader.ReadInt64());
        }

        Assert.Equal(ulong.MaxValue, reader.ReadUInt64());
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void UInt64AboveInt64RangeIsRefusedAsSigned()
    {
        var error = Fails("cfffffffffffffffff", (ref MessagePackReader reader) => reader.ReadInt64());
        Assert.Equal("test: integer 18446744073709551615 does not fit in a signed 64-bit integer (byte 0)", error.Message);
        Assert.Equal(ulong.MaxValue, Reader("cfffffffffffffffff").ReadUInt64());
    }

    [Fact]
    public void Int32AndUnsignedReadsCheckTheirRange()
    {
        Assert.Equal(int.MinValue, Reader("d280000000").ReadInt32());
        Assert.Contains("integer 4294967295 does not fit in 32 bits", Fails("ceffffffff", (ref MessagePackReader reader) => reader.ReadInt32()).Message, StringComparison.Ordinal);
        Assert.Contains("integer -1 is negative", Fails("ff", (ref MessagePackReader reader) => reader.ReadUInt64()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsNilBooleansAndFloats()
    {
        var reader = Reader("c0c3c2ca3fc00000cb400921fb54442d18");
        Assert.True(reader.TryReadNil());
        Assert.False(reader.TryReadNil());
        Assert.True(reader.ReadBoolean());
        Assert.False(reader.ReadBoolean());
        Assert.Equal(1.5, reader.ReadDouble());
        Assert.False(reader.TryReadInt64(out _));
        Assert.Equal(Math.PI, reader.ReadDouble());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData("a3616263")]
    [InlineData("d903616263")]
    [InlineData("da0003616263")]
    [InlineData("db00000003616263")]
    [InlineData("c403616263")]
    [InlineData("c50003616263")]
    [InlineData("c600000003616263")]
    public void StrAndBinAreBothStrings(string hex)
    {
        var reader = Reader(hex);
        Assert.Equal("abc", reader.ReadString());
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void StringsDecodeUtf8AndReplaceInvalidBytes()
    {
        Assert.Equal("进程名", Reader("a9e8bf9be7a88be5908d").ReadString());
        Assert.Equal("a\uFFFDb", Reader("a361ff62").ReadString());
    }

    [Fact]
    public void ReadsArrayAndMapHeadersOfEveryWidth()
    {
        Assert.Equal(15, Reader("9f" + new string('0', 30)).ReadArrayHeader());
        Assert.Equal(3, Reader("dc0003000000").ReadArrayHeader());
        Assert.Equal(2, Reader("dd000000020000").ReadArrayHeader());
        Assert.Equal(1, Reader("81a16101").ReadMapHeader());
        Assert.Equal(1, Reader("de0001a16101").ReadMapHeader());
        Assert.Equal(1, Reader("df00000001c40161c0").ReadMapHeader());
    }

    [Fact]
    public void MapKeysMayBeBin()
    {
        var reader = Reader("82c4036b6579a3737472a36b6579c403626966");
        Assert.Equal(2, reader.ReadMapHeader());
        Assert.Equal("key", reader.ReadString());
        Assert.Equal("str", reader.ReadString());
        Assert.Equal("key", reader.ReadString());
        Assert.Equal("bif", reader.ReadString());
    }

    [Fact]
    public void SkipsEveryKindOfValue()
    {
        // nil, true, float32, float64, uint64, int16, fixstr, bin8, nested array/map, fixext 1 to 16, ext8/16/32, then 7.
        var values = "c0c3ca00000000cb0000000000000000cf0000000000000001d1fffe" +
            "a161c4016192a16181a16290d40100d5010000d601" + new string('0', 8) + "d701" + new string('0', 16) + "d801" + new string('0', 32) +
            "c70201aaaa" + "c8000201aaaa" + "c90000000201aaaa" + "07";
        var reader = Reader(values);
        for (var i = 0; i < 17; i++)
        {
            reader.Skip();
        }

        Assert.Equal(7, reader.ReadInt64());
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void SkipHandlesDeepNestingWithoutRecursion()
    {
        var nested = new byte[200_001];
        Array.Fill(nested, (byte)0x91);
        nested[^1] = 0x01;
        var reader = new MessagePackReader(nested, "test");
        reader.Skip();
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void WrongTypeNamesWhatWasExpectedAndTheOffset()
    {
        var error = Fails("01a161", (ref MessagePackReader reader) =>
        {
            reader.ReadInt64();
            reader.ReadInt64();
        });
        Assert.Equal("test: expected an integer at byte 1, found a fixstr", error.Message);
        Assert.Equal("test: expected a map at byte 0, found a fixarray", Fails("90", (ref MessagePackReader reader) => reader.ReadMapHeader()).Message);
        Assert.Equal("test: expected a string at byte 0, found nil", Fails("c0", (ref MessagePackReader reader) => reader.ReadString()).Message);
        Assert.Equal("test: expected a value at byte 0, found the reserved byte 0xc1", Fails("c1", (ref MessagePackReader reader) => reader.Skip()).Message);
        Assert.Equal("test: expected a boolean at byte 0, found the end of the data", Fails(string.Empty, (ref MessagePackReader reader) => reader.ReadBoolean()).Message);
    }

    [Theory]
    [InlineData("cd01")]
    [InlineData("cf0000")]
    [InlineData("cb3ff0")]
    [InlineData("a5616263")]
    [InlineData("d9")]
    [InlineData("da00")]
    [InlineData("db000000ff61")]
    [InlineData("c6ffffffff")]
    public void TruncatedValuesAreReportedNotOverread(string hex)
    {
        var error = Fails(hex, (ref MessagePackReader reader) => reader.Skip());
        Assert.Contains("but the data ends after", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("test: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostileCountsAreRefusedBeforeAnyoneAllocates()
    {
        var error = Fails("ddffffffff00", (ref MessagePackReader reader) => reader.ReadArrayHeader());
        Assert.Equal("test: array of 4294967295 elements cannot fit in the 1 bytes left (byte 0)", error.Message);
        Assert.Contains("map of 2 elements cannot fit in the 3 bytes left", Fails("de0002010101", (ref MessagePackReader reader) => reader.ReadMapHeader()).Message, StringComparison.Ordinal);
        Assert.Contains("needs 4294967300 bytes", Fails("dbffffffff", (ref MessagePackReader reader) => reader.ReadStringBytes()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadsConsumeNothingOnMismatch()
    {
        var reader = Reader("a178");
        Assert.False(reader.TryReadInt64(out _));
        Assert.False(reader.TryReadDouble(out _));
        Assert.False(reader.TryReadNil());
        Assert.Equal(0, reader.Position);
        Assert.True(reader.TryReadStringBytes(out var bytes));
        Assert.Equal("x"u8.ToArray(), bytes.ToArray());
        Assert.False(reader.TryReadStringBytes(out _));
    }

    private static MessagePackReader Reader(string hex) => new(Convert.FromHexString(hex), "test");

    private static CdictFormatException Fails(string hex, ReadAction read) =>
        Assert.Throws<CdictFormatException>(() =>
        {
            var reader = Reader(hex);
            read(ref reader);
        });
}
