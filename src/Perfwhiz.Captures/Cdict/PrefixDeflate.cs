using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// A deflate encoder for a column of times in order (MessagePack numbers of one width that grow
/// slowly): each number's leading bytes, which it shares with the number before it, become one
/// match of that number's width back, and the rest literals, all in one block of Huffman codes
/// made for these bytes. On the wakeups' time_ns column it takes 0.6 of the time of zlib's fastest
/// level and makes 40% less (zlib's fastest codes the noisy low bytes with fixed codes, longer
/// than the bytes); on usecs (doubles) it is only 10% faster and makes 3-6% more. Any bytes are
/// coded right: a byte that starts no number of a known width is a literal.
/// </summary>
internal static class PrefixDeflate
{
    private const int EndOfBlock = 256;
    private const int FirstLengthSymbol = 257;
    private const int ShortestMatch = 3;
    private const int LiteralLengthSymbols = 286;
    private const int DistanceSymbols = 30;
    private const int MaxCodeBits = 15;
    private const int MaxCodeLengthBits = 7;

    // The order in which the code lengths of the code-length alphabet are sent (RFC 1951 3.2.7).
    private static ReadOnlySpan<byte> CodeLengthOrder => [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    // An empty stored block after the last byte: a sync flush, as ParallelZlib's segments end.
    private static ReadOnlySpan<byte> SyncFlushLength => [0x00, 0x00, 0xff, 0xff];

    [ThreadStatic]
    private static MemoryStream? encodedScratch;

    /// <summary>
    /// Encodes with <paramref name="encode"/> and deflates onto <paramref name="output"/> up to a
    /// sync flush, as <see cref="ParallelZlib.Deflate"/> does; returns the same three values.
    /// </summary>
    public static (long InflatedLength, long DeflatedLength, uint Checksum) Deflate(Action<MessagePackWriter> encode, Stream output)
    {
        var scratch = encodedScratch ??= new MemoryStream();
        scratch.SetLength(0);
        using (var writer = new MessagePackWriter(scratch))
        {
            encode(writer);
        }

        var encoded = scratch.GetBuffer().AsSpan(0, (int)scratch.Length);
        var deflatedLength = Deflate(encoded, output);
        return (encoded.Length, deflatedLength, Adler32.Compute(encoded));
    }

    /// <summary>Raw deflate of <paramref name="data"/>: one block of dynamic codes, then a sync flush.</summary>
    public static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        Deflate(data, output);
        return output.ToArray();
    }

    /// <summary>Writes the raw deflate of <paramref name="data"/> onto <paramref name="output"/>; returns its length.</summary>
    /// <remarks>The block is made in a pooled buffer: a segment's megabyte never becomes garbage for the large object heap, which a conversion's memory would carry to its end.</remarks>
    private static int Deflate(ReadOnlySpan<byte> data, Stream output)
    {
        var counts = new long[LiteralLengthSymbols];
        var distanceCounts = new long[DistanceSymbols];
        Count(data, counts, distanceCounts);
        // Two symbols at least in each code, so that it is complete: a spare one is counted, never sent.
        if (data.IsEmpty)
        {
            counts[0] = 1;
        }

        counts[EndOfBlock] = 1;
        var distanceCodes = distanceCounts.Count(count => count > 0);
        for (var spare = 0; distanceCodes < 2; spare++)
        {
            if (distanceCounts[spare] == 0)
            {
                distanceCounts[spare] = 1;
                distanceCodes++;
            }
        }

        var literals = HuffmanCode.Build(counts, MaxCodeBits);
        var distances = HuffmanCode.Build(distanceCounts, MaxCodeBits);
        var buffer = ArrayPool<byte>.Shared.Rent(UpperBoundBytes(counts, distanceCounts, literals, distances));
        var bits = new BitWriter(buffer);
        WriteBlockHeader(ref bits, literals, distances);
        Emit(data, ref bits, literals, distances);
        bits.Put(literals.Codes[EndOfBlock], literals.Lengths[EndOfBlock]);
        bits.Put(0, 3); // a stored block, not the last
        bits.AlignToByte();
        bits.PutBytes(SyncFlushLength);
        output.Write(buffer, 0, bits.Length);
        ArrayPool<byte>.Shared.Return(buffer);
        return bits.Length;
    }

    /// <summary>
    /// The item at <paramref name="position"/>: its width (1 for a byte that starts no number, or
    /// a number cut short by the end), and in <paramref name="shared"/> how many of its leading bytes
    /// it shares with the number just before it, when those are enough for a match (else 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Next(ReadOnlySpan<byte> data, int position, ref int previousStart, ref byte previousType, out int shared)
    {
        shared = 0;
        var type = data[position];
        var width = NumberWidth(type);
        if (width < ShortestMatch || data.Length - position < width)
        {
            previousStart = -1;
            return 1;
        }

        if (previousStart == position - width && previousType == type)
        {
            var common = SharedPrefix(ref Unsafe.Add(ref MemoryMarshal.GetReference(data), position), ref Unsafe.Add(ref MemoryMarshal.GetReference(data), previousStart), width);
            shared = common >= ShortestMatch ? common : 0;
        }

        previousStart = position;
        previousType = type;
        return width;
    }

    /// <summary>Leading bytes two numbers of <paramref name="width"/> (3, 5 or 9, checked by the caller) have in common.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SharedPrefix(ref byte number, ref byte previous, int width)
    {
        ulong difference;
        int whole;
        if (width == 9)
        {
            difference = Unsafe.ReadUnaligned<ulong>(ref number) ^ Unsafe.ReadUnaligned<ulong>(ref previous);
            whole = 8;
        }
        else if (width == 5)
        {
            difference = Unsafe.ReadUnaligned<uint>(ref number) ^ Unsafe.ReadUnaligned<uint>(ref previous);
            whole = 4;
        }
        else
        {
            difference = (uint)Unsafe.ReadUnaligned<ushort>(ref number) ^ Unsafe.ReadUnaligned<ushort>(ref previous);
            whole = 2;
        }

        if (difference != 0)
        {
            // Little-endian loads: the first byte that differs holds the lowest set bit.
            return BitOperations.TrailingZeroCount(difference) >> 3;
        }

        return Unsafe.Add(ref number, whole) == Unsafe.Add(ref previous, whole) ? whole + 1 : whole;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Count(ReadOnlySpan<byte> data, long[] counts, long[] distanceCounts)
    {
        // Next has checked that each item lies within data.
        ref var start = ref MemoryMarshal.GetReference(data);
        var previousStart = -1;
        byte previousType = 0;
        for (var position = 0; position < data.Length;)
        {
            var width = Next(data, position, ref previousStart, ref previousType, out var shared);
            if (shared > 0)
            {
                counts[FirstLengthSymbol + shared - ShortestMatch]++;
                distanceCounts[DistanceSymbol(width)]++;
            }

            for (var at = position + shared; at < position + width; at++)
            {
                counts[Unsafe.Add(ref start, at)]++;
            }

            position += width;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Emit(ReadOnlySpan<byte> data, ref BitWriter bits, HuffmanCode literals, HuffmanCode distances)
    {
        // Each symbol's code and, above bit 16, its length: one load per byte.
        var literalCodes = new uint[LiteralLengthSymbols];
        for (var symbol = 0; symbol < LiteralLengthSymbols; symbol++)
        {
            literalCodes[symbol] = literals.Codes[symbol] | ((uint)literals.Lengths[symbol] << 16);
        }

        // Next has checked that each item lies within data.
        ref var start = ref MemoryMarshal.GetReference(data);
        var previousStart = -1;
        byte previousType = 0;
        var writer = bits;
        for (var position = 0; position < data.Length;)
        {
            var width = Next(data, position, ref previousStart, ref previousType, out var shared);
            if (shared > 0)
            {
                var length = literalCodes[FirstLengthSymbol + shared - ShortestMatch];
                writer.Put(length & 0xffff, (int)(length >> 16));
                var distance = DistanceSymbol(width);
                // The extra bits are 0: each width is its distance code's first distance.
                writer.Put(distances.Codes[distance], distances.Lengths[distance] + DistanceExtraBits(distance));
            }

            for (var at = position + shared; at < position + width; at++)
            {
                var literal = literalCodes[Unsafe.Add(ref start, at)];
                writer.Put(literal & 0xffff, (int)(literal >> 16));
            }

            position += width;
        }

        bits = writer;
    }

    /// <summary>The bytes of the MessagePack number a type byte starts (its payload's and its own); 1 for anything else.</summary>
    private static int NumberWidth(byte type) => type switch
    {
        0xcc or 0xd0 => 2,
        0xcd or 0xd1 => 3,
        0xca or 0xce or 0xd2 => 5,
        0xcb or 0xcf or 0xd3 => 9,
        _ => 1,
    };

    // Distances 3, 5 and 9: codes 2 (no extra bit), 4 (1 extra bit) and 6 (2 extra bits), extra bits 0.
    private static int DistanceSymbol(int distance) => distance switch
    {
        3 => 2,
        5 => 4,
        9 => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(distance), distance, "not a number width"),
    };

    private static int DistanceExtraBits(int symbol) => symbol < 4 ? 0 : (symbol - 2) / 2;

    private static void WriteBlockHeader(ref BitWriter bits, HuffmanCode literals, HuffmanCode distances)
    {
        var literalCount = LastUsed(literals.Lengths, FirstLengthSymbol) + 1;
        var distanceCount = LastUsed(distances.Lengths, 1) + 1;
        // The code lengths are sent one symbol each (no runs): a few hundred bytes per block.
        var sent = literals.Lengths.AsSpan(0, literalCount).ToArray().Concat(distances.Lengths.AsSpan(0, distanceCount).ToArray()).ToArray();
        var lengthCounts = new long[19];
        foreach (var length in sent)
        {
            lengthCounts[length]++;
        }

        if (lengthCounts.Count(count => count > 0) < 2)
        {
            lengthCounts[lengthCounts[0] == 0 ? 0 : 1]++;
        }

        var lengthCode = HuffmanCode.Build(lengthCounts, MaxCodeLengthBits);
        var lengthCodeCount = CodeLengthOrder.Length;
        while (lengthCodeCount > 4 && lengthCode.Lengths[CodeLengthOrder[lengthCodeCount - 1]] == 0)
        {
            lengthCodeCount--;
        }

        bits.Put(0, 1); // not the last block
        bits.Put(2, 2); // dynamic codes
        bits.Put((uint)(literalCount - FirstLengthSymbol), 5);
        bits.Put((uint)(distanceCount - 1), 5);
        bits.Put((uint)(lengthCodeCount - 4), 4);
        for (var index = 0; index < lengthCodeCount; index++)
        {
            bits.Put(lengthCode.Lengths[CodeLengthOrder[index]], 3);
        }

        foreach (var length in sent)
        {
            bits.Put(lengthCode.Codes[length], lengthCode.Lengths[length]);
        }
    }

    private static int LastUsed(byte[] lengths, int atLeast)
    {
        var last = Array.FindLastIndex(lengths, length => length > 0);
        return Math.Max(last, atLeast - 1);
    }

    private static int UpperBoundBytes(long[] counts, long[] distanceCounts, HuffmanCode literals, HuffmanCode distances)
    {
        long bits = 3 + 14 + (19 * 3) + ((LiteralLengthSymbols + DistanceSymbols) * MaxCodeLengthBits);
        for (var symbol = 0; symbol < LiteralLengthSymbols; symbol++)
        {
            bits += counts[symbol] * literals.Lengths[symbol];
        }

        for (var symbol = 0; symbol < DistanceSymbols; symbol++)
        {
            bits += distanceCounts[symbol] * (distances.Lengths[symbol] + DistanceExtraBits(symbol));
        }

        return checked((int)(bits / 8) + 16);
    }

    /// <summary>Deflate's bit order: each value's lowest bit first, bytes filled from their lowest bit.</summary>
    private struct BitWriter(byte[] output)
    {
        private ulong pending;
        private int pendingBits;
        private int written;

        public readonly int Length => written;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(uint value, int bits)
        {
            pending |= (ulong)value << pendingBits;
            pendingBits += bits;
            if (pendingBits >= 32)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(written, 4), (uint)pending);
                written += 4;
                pending >>= 32;
                pendingBits -= 32;
            }
        }

        public void AlignToByte()
        {
            pendingBits = (pendingBits + 7) & ~7;
            while (pendingBits > 0)
            {
                output[written++] = (byte)pending;
                pending >>= 8;
                pendingBits -= 8;
            }
        }

        public void PutBytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(output.AsSpan(written));
            written += bytes.Length;
        }
    }
}
