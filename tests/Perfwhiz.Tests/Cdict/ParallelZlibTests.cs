using System.IO.Compression;
using Perfwhiz.Captures.Cdict;

namespace Perfwhiz.Tests.Cdict;

[Trait("Kind", "unit")]
public class ParallelZlibTests
{
    private static readonly int[] SegmentSizes = [0, 1, 100, 65_535, 65_536, 300_000, 0, 7];

    [Fact]
    public void SegmentsJoinIntoOneZlibStreamOfTheirBytesInOrder()
    {
        // Sizes around the writer's and deflater's buffers, an empty segment, repetitive and random bytes.
        var random = new Random(15);
        var pieces = SegmentSizes
            .Select((size, index) => index % 2 == 0 ? Repetitive(size, index) : Random(random, size))
            .ToArray();
        using var output = new MemoryStream();
        long written;
        using (var zlib = new ParallelZlib([.. pieces.Select(bytes => StreamSegment.Encoded(writer => writer.WriteRaw(bytes)))]))
        {
            zlib.Start();
            written = zlib.WriteStream(output, 0, zlib.SegmentCount);
        }

        var expected = pieces.SelectMany(bytes => bytes).ToArray();
        Assert.Equal(output.Length, written);
        Assert.Equal(expected, Inflate(output.ToArray()));
        var trailer = output.ToArray()[^4..];
        Assert.Equal(Adler32.Compute(expected), (uint)((trailer[0] << 24) | (trailer[1] << 16) | (trailer[2] << 8) | trailer[3]));
    }

    [Fact]
    public void SegmentsDeflatedBeforehandJoinAmongTheOthersInOrder()
    {
        // Runs of deflated segments between encoded ones, more of them than the workers run ahead, deflated both ways.
        var random = new Random(16);
        var pieces = Enumerable.Range(0, 23).Select(index => index % 3 == 0 ? Random(random, 1_000 * index) : Repetitive(5_000 * index, index)).ToArray();
        using var scratch = new MemoryStream();
        var sources = pieces
            .Select((bytes, index) => index % 5 == 4
                ? StreamSegment.Encoded(writer => writer.WriteRaw(bytes))
                : StreamSegment.Of(DeflatedSegment.Deflate(writer => writer.WriteRaw(bytes), index % 2 == 0 ? SegmentCoding.Fastest : SegmentCoding.TimesInOrder, scratch)))
            .ToList();
        using var output = new MemoryStream();
        using (var zlib = new ParallelZlib(sources))
        {
            zlib.Start();
            Assert.Equal(pieces.Sum(bytes => (long)bytes.Length), zlib.InflatedLength(0, zlib.SegmentCount));
            zlib.WriteStream(output, 0, zlib.SegmentCount);
        }

        var expected = pieces.SelectMany(bytes => bytes).ToArray();
        Assert.Equal(expected, Inflate(output.ToArray()));
        var trailer = output.ToArray()[^4..];
        Assert.Equal(Adler32.Compute(expected), (uint)((trailer[0] << 24) | (trailer[1] << 16) | (trailer[2] << 8) | trailer[3]));
    }

    [Fact]
    public void TwoStreamsFollowEachOtherAndASegmentCanAskTheInflatedSizeOfEarlierOnes()
    {
        ParallelZlib? zlib = null;
        var first = new byte[200_000];
        Array.Fill(first, (byte)'x');
        using var output = new MemoryStream();
        long firstLength;
        using (zlib = new ParallelZlib([StreamSegment.Encoded(writer => writer.WriteRaw(first)), StreamSegment.Encoded(writer => writer.WriteRaw(first)), StreamSegment.Encoded(writer => writer.WriteInt64(zlib!.InflatedLength(0, 2)))]))
        {
            zlib.Start();
            firstLength = zlib.WriteStream(output, 0, 2);
            var secondLength = zlib.WriteStream(output, 2, 3);
            Assert.Equal(output.Length, firstLength + secondLength);
        }

        var bytes = output.ToArray();
        Assert.Equal(400_000, Inflate(bytes[..(int)firstLength]).Length);
        // 400000 as a MessagePack uint32.
        Assert.Equal(new byte[] { 0xce, 0x00, 0x06, 0x1a, 0x80 }, Inflate(bytes[(int)firstLength..]));
    }

    [Fact]
    public void TheFirstFailingSegmentInStreamOrderIsRethrownWhereTheStreamIsWritten()
    {
        using var output = new MemoryStream();
        var zlib = new ParallelZlib(
        [
            StreamSegment.Encoded(writer => writer.WriteRaw([1, 2, 3])),
            StreamSegment.Encoded(_ => throw new InvalidOperationException("segment 1")),
            StreamSegment.Encoded(_ => throw new InvalidOperationException("segment 2")),
            StreamSegment.Encoded(writer => writer.WriteRaw([4])),
        ]);
        using (zlib)
        {
            zlib.Start();
            var error = Assert.Throws<InvalidOperationException>(() => zlib.WriteStream(output, 0, zlib.SegmentCount));
            Assert.Equal("segment 1", error.Message);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5551)]
    [InlineData(5552)]
    [InlineData(70_000)]
    [InlineData(199_999)]
    public void CombinedChecksumsAreTheChecksumOfTheWhole(int split)
    {
        var bytes = Random(new Random(split), 200_000);
        var combined = Adler32.Combine(Adler32.Compute(bytes.AsSpan(0, split)), Adler32.Compute(bytes.AsSpan(split)), bytes.Length - split);
        Assert.Equal(Adler32.Compute(bytes), combined);
    }

    private static byte[] Repetitive(int size, int seed) => [.. Enumerable.Range(0, size).Select(i => (byte)((i / 7) + seed))];

    private static byte[] Random(Random random, int size)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Inflate(byte[] zlib) => ReadToEnd(new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress));

    private static byte[] ReadToEnd(Stream stream)
    {
        using (stream)
        {
            using var inflated = new MemoryStream();
            stream.CopyTo(inflated);
            return inflated.ToArray();
        }
    }
}
