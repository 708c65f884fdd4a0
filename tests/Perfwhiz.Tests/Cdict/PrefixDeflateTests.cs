using System.IO.Compression;
using Perfwhiz.Captures.Cdict;

namespace Perfwhiz.Tests.Cdict;

/// <summary>
/// <see cref="PrefixDeflate"/> makes deflate that zlib inflates to exactly its input, whatever the
/// bytes (segments over twice its sample too); on integer times in order it makes less than zlib's
/// fastest level, on microseconds as doubles not much more. <see cref="HuffmanCode"/> keeps
/// to its length limit with complete codes.
/// </summary>
[Trait("Kind", "unit")]
public class PrefixDeflateTests
{
    [Fact]
    public void WakeupTimesInflateToThemselvesAndTakeLessThanZlibsFastest()
    {
        // Nanosecond times a few µs apart, across the uint32 to uint64 width change at 4.29 s.
        var random = new Random(21);
        var time = 4_200_000_000L;
        var encoded = RawCdict.MessagePack(writer =>
        {
            writer.WriteArrayHeader(100_000);
            for (var row = 0; row < 100_000; row++)
            {
                time += random.Next(1, 20_000);
                writer.WriteInt64(time);
            }
        });

        var deflated = PrefixDeflate.Deflate(encoded);

        Assert.Equal(encoded, Inflate(deflated));
        var fastest = RawCdict.Zlib(encoded).Length;
        Assert.True(deflated.Length < fastest * 0.8, $"{deflated.Length} bytes, zlib's fastest {fastest}");
    }

    [Fact]
    public void MicrosecondDoublesInflateToThemselvesAndTakeLittleMoreThanZlibsFastest()
    {
        // The events' usecs: nanosecond times in order, as float64 microseconds.
        var random = new Random(22);
        var time = 1_000_000L;
        var encoded = RawCdict.MessagePack(writer =>
        {
            writer.WriteArrayHeader(100_000);
            for (var row = 0; row < 100_000; row++)
            {
                time += random.Next(1, 50_000);
                writer.WriteDouble(time / 1000.0);
            }
        });

        var deflated = PrefixDeflate.Deflate(encoded);

        Assert.Equal(encoded, Inflate(deflated));
        var fastest = RawCdict.Zlib(encoded).Length;
        Assert.True(deflated.Length < fastest * 1.15, $"{deflated.Length} bytes, zlib's fastest {fastest}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void AnyBytesInflateToThemselves(int seed)
    {
        // Numbers of every width, equal and unequal neighbours, other values between them, noise, and a number cut short at the end.
        var random = new Random(seed);
        foreach (var length in new[] { 0, 1, 2, 9, 1_000, 70_000 })
        {
            var bytes = Shapes(random, length);

            Assert.Equal(bytes, Inflate(PrefixDeflate.Deflate(bytes)));
        }
    }

    [Fact]
    public void PythonsZlibInflatesWhatItMakes()
    {
        if (SystemPython.WhyUnavailable() is { } why)
        {
            Assert.Skip($"the reference reader cannot run: {why}");
        }

        var bytes = Shapes(new Random(9), 200_000);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. PrefixDeflate.Deflate(bytes), 0x03, 0x00]);

            var (exitCode, output, error) = SystemPython.Run("import sys, zlib, hashlib; print(hashlib.sha256(zlib.decompress(open(sys.argv[1], 'rb').read(), -15)).hexdigest())", path);

            Assert.True(exitCode == 0, error);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), output.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HuffmanCodesKeepToTheirLimitAndAreComplete()
    {
        // Fibonacci counts make the deepest Huffman tree: 30 symbols would need 29 bits.
        var counts = new long[30];
        counts[0] = counts[1] = 1;
        for (var symbol = 2; symbol < counts.Length; symbol++)
        {
            counts[symbol] = counts[symbol - 1] + counts[symbol - 2];
        }

        foreach (var limit in new[] { 7, 15 })
        {
            var code = HuffmanCode.Build(counts, limit);

            Assert.All(code.Lengths, length => Assert.InRange(length, 1, limit));
            // Kraft's sum of a complete code is exactly 1.
            Assert.Equal(1.0, code.Lengths.Sum(length => Math.Pow(2, -length)), precision: 12);
        }

        Assert.Throws<ArgumentException>(() => HuffmanCode.Build([0, 5, 0], 15));
    }

    [Fact]
    public void HuffmanCodesOfHugeWeightsAreTheCodesOfTheSameProportions()
    {
        // Weights near the top of a long are ordered, and summed, as small ones are.
        long[] counts = [5, 0, 3, 3, 9, 1, 1, 2];
        long[] huge = [.. counts.Select(count => count << 56)];

        var code = HuffmanCode.Build(counts, 15);
        var hugeCode = HuffmanCode.Build(huge, 15);

        Assert.Equal(code.Lengths, hugeCode.Lengths);
        Assert.Equal(code.Codes, hugeCode.Codes);
    }

    private static byte[] Shapes(Random random, int length)
    {
        var bytes = new List<byte>(length + 9);
        byte[] types = [0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xca, 0xcb, 0xc0, 0x05, 0xa3];
        var previous = new byte[9];
        while (bytes.Count < length)
        {
            var type = types[random.Next(types.Length)];
            var width = type switch { 0xcc or 0xd0 => 2, 0xcd or 0xd1 => 3, 0xca or 0xce or 0xd2 => 5, 0xcb or 0xcf or 0xd3 => 9, _ => 1 };
            for (var repeat = random.Next(1, 6); repeat > 0; repeat--)
            {
                var number = new byte[width];
                number[0] = type;
                for (var at = 1; at < width; at++)
                {
                    // Often the neighbour's byte, so that leading bytes are shared to every length.
                    number[at] = random.Next(3) > 0 ? previous[at] : (byte)random.Next(256);
                }

                bytes.AddRange(number);
                number.CopyTo(previous, 0);
            }
        }

        return [.. bytes.Take(length)];
    }

    // The segment ends on a sync flush: an empty final block of fixed codes ends the stream.
    private static byte[] Inflate(byte[] segment)
    {
        using var inflate = new DeflateStream(new MemoryStream([.. segment, 0x03, 0x00]), CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflate.CopyTo(output);
        return output.ToArray();
    }
}
