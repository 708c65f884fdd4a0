using System.Buffers.Binary;
using System.IO.Compression;

namespace Perfwhiz.Tests.Fuzz;

/// <summary>Damages bytes the ways fuzzers do: flips, cuts, splices, and extreme values in place of fields.</summary>
internal sealed class Mutator(Random random)
{
    // Values that have broken readers: CPU numbers beyond any machine, sizes near the 32-bit limits, signs.
    private static readonly long[] ExtremeIntegers =
        [0, -1, 1, 8191, 8192, 100_000_000, 1L << 30, int.MaxValue, int.MinValue, uint.MaxValue, 1L << 40, long.MaxValue, long.MinValue];

    // As µs: beyond the 146-year limit, near a long's range of ns, not numbers.
    private static readonly double[] ExtremeDoubles =
        [0, -1, 1e8, 4.7e15, 9.1e15, 1e300, -1e300, double.NaN, double.PositiveInfinity, -0.0];

    public Random Random => random;

    /// <summary>One to four bytes changed.</summary>
    public byte[] Flip(byte[] data)
    {
        var copy = data.ToArray();
        for (var i = random.Next(1, 5); i > 0 && copy.Length > 0; i--)
        {
            copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
        }

        return copy;
    }

    public byte[] Cut(byte[] data) => data[..random.Next(data.Length + 1)];

    /// <summary>A stretch of the data repeated, removed or moved elsewhere.</summary>
    public byte[] Splice(byte[] data)
    {
        var start = random.Next(data.Length);
        var length = random.Next(1, Math.Min(4096, data.Length - start) + 1);
        var at = random.Next(data.Length + 1);
        return random.Next(3) switch
        {
            0 => [.. data[..at], .. data.AsSpan(start, length), .. data[at..]],
            1 => [.. data[..start], .. data[(start + length)..]],
            _ => [.. data, .. data.AsSpan(start, length)],
        };
    }

    /// <summary>A little-endian 2-, 4- or 8-byte word, at a multiple of its size, set to an extreme value (perf.data headers and records).</summary>
    public byte[] ExtremeWord(byte[] data)
    {
        var copy = data.ToArray();
        var size = 2 << random.Next(3);
        if (copy.Length < size)
        {
            return copy;
        }

        var offset = random.Next(copy.Length / size) * size;
        var value = ExtremeIntegers[random.Next(ExtremeIntegers.Length)];
        var span = copy.AsSpan(offset, size);
        switch (size)
        {
            case 2:
                BinaryPrimitives.WriteInt16LittleEndian(span, (short)value);
                break;
            case 4:
                BinaryPrimitives.WriteInt32LittleEndian(span, (int)value);
                break;
            default:
                BinaryPrimitives.WriteInt64LittleEndian(span, value);
                break;
        }

        return copy;
    }

    /// <summary>One scalar of a MessagePack document (an int, float, nil or string) replaced by an extreme value.</summary>
    public byte[] ExtremeScalar(byte[] messagePack)
    {
        var scalars = MessagePackScalars.Find(messagePack);
        if (scalars.Count == 0)
        {
            return Flip(messagePack);
        }

        var (offset, length) = scalars[random.Next(scalars.Count)];
        byte[] replacement = random.Next(3) switch
        {
            0 => EncodeInteger(ExtremeIntegers[random.Next(ExtremeIntegers.Length)]),
            1 => EncodeDouble(ExtremeDoubles[random.Next(ExtremeDoubles.Length)]),
            _ => [0xc0],
        };
        return [.. messagePack.AsSpan(0, offset), .. replacement, .. messagePack.AsSpan(offset + length)];
    }

    /// <summary>A zlib stream's content damaged by <paramref name="damage"/>, compressed again.</summary>
    public static byte[] UnderZlib(byte[] zlib, Func<byte[], byte[]> damage)
    {
        using var inflated = new MemoryStream();
        using (var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress))
        {
            input.CopyTo(inflated);
        }

        using var compressed = new MemoryStream();
        using (var output = new ZLibStream(compressed, CompressionLevel.Fastest))
        {
            output.Write(damage(inflated.ToArray()));
        }

        return compressed.ToArray();
    }

    private static byte[] EncodeInteger(long value)
    {
        var encoded = new byte[9];
        encoded[0] = 0xd3;
        BinaryPrimitives.WriteInt64BigEndian(encoded.AsSpan(1), value);
        return encoded;
    }

    private static byte[] EncodeDouble(double value)
    {
        var encoded = new byte[9];
        encoded[0] = 0xcb;
        BinaryPrimitives.WriteDoubleBigEndian(encoded.AsSpan(1), value);
        return encoded;
    }
}
