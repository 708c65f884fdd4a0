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
/// made for these bytes. On the wakeups' time_ns column it takes 0.4 of the time of zlib's fastest
/// level and makes 45% less (zlib's fastest codes the noisy low bytes with fixed codes, longer
/// than the bytes); on usecs (doubles) it is 1.5x as fast but makes 9% more, and a conversion
/// gains nothing measurable from it there. Any bytes are coded right: a byte that starts no
/// number of a known width is a literal.
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

    // Where the number before starts when the item before was no number: no position minus a width.
    private const int NoPrevious = int.MinValue / 2;

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
    /// The item at <paramref name="position"/> of the <paramref name="length"/> bytes at
    /// <paramref name="start"/>: its width (1 for a byte that starts no number, or a number cut
    /// short by the end) in the low byte, and above it how many of its leading bytes it shares with
    /// the number just before it (starting at <paramref name="previousStart"/>, or <see cref="NoPrevious"/>), when
    /// those are enough for a match (else 0). Passed by value, the previous number's place stays in
    /// a register in the callers' loops.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Item(ref byte start, int length, int position, int previousStart)
    {
        var type = Unsafe.Add(ref start, position);
        int width = Unsafe.Add(ref MemoryMarshal.GetReference(NumberWidths), type);
        if (width < ShortestMatch || length - position < width)
        {
            return 1;
        }

        if (previousStart == position - width && Unsafe.Add(ref start, previousStart) == type)
        {
            var common = SharedPrefix(ref Unsafe.Add(ref start, position), ref Unsafe.Add(ref start, previousStart), width);
            if (common >= ShortestMatch)
            {
                return width | (common << 8);
            }
        }

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
        // Item keeps each item within data; a byte indexes the literals' counts.
        ref var start = ref MemoryMarshal.GetReference(data);
        ref var literalCounts = ref MemoryMarshal.GetArrayDataReference(counts);
        var length = data.Length;
        var previousStart = NoPrevious;
        for (var position = 0; position < length;)
        {
            var item = Item(ref start, length, position, previousStart);
            var width = item & 0xff;
            var shared = item >> 8;
            previousStart = width == 1 ? NoPrevious : position;
            if (shared > 0)
            {
                counts[FirstLengthSymbol + shared - ShortestMatch]++;
                distanceCounts[DistanceSymbol(width)]++;
            }

            for (var at = position + shared; at < position + width; at++)
            {
                Unsafe.Add(ref literalCounts, Unsafe.Add(ref start, at))++;
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

        // Item keeps each item within data; a byte indexes the literals' codes.
        ref var start = ref MemoryMarshal.GetReference(data);
        ref var codes = ref MemoryMarshal.GetArrayDataReference(literalCodes);
        var length = data.Length;
        var previousStart = NoPrevious;
        var writer = bits;
        // Each width's distance code and, above bit 16, its length with its extra bits (0: each
        // width is its distance code's first distance).
        Span<uint> distanceCodes = stackalloc uint[10];
        foreach (var width in (ReadOnlySpan<int>)[3, 5, 9])
        {
            var symbol = DistanceSymbol(width);
            distanceCodes[width] = distances.Codes[symbol] | ((uint)(distances.Lengths[symbol] + DistanceExtraBits(symbol)) << 16);
        }

        for (var position = 0; position < length;)
        {
            var item = Item(ref start, length, position, previousStart);
            var width = item & 0xff;
            var shared = item >> 8;
            previousStart = width == 1 ? NoPrevious : position;
            var at = position;
            if (shared > 0)
            {
                // A length code (up to 15 bits, no extra bits for 3-10) and a distance code (up to 17): one put.
                var matchLength = literalCodes[FirstLengthSymbol + shared - ShortestMatch];
                var distance = distanceCodes[width];
                var lengthBits = (int)(matchLength >> 16);
                writer.Put((matchLength & 0xffff) | ((distance & 0xffff) << lengthBits), lengthBits + (int)(distance >> 16));
                at += shared;
            }

            var end = position + width;
            PutLiterals(ref writer, ref codes, ref start, at, end);
            position = end;
        }

        bits = writer;
    }

    /// <summary>Bytes [at, end) as literals, two at a time (up to 30 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PutLiterals(ref BitWriter writer, ref uint codes, ref byte start, int at, int end)
    {
        for (; at + 1 < end; at += 2)
        {
            var first = Unsafe.Add(ref codes, Unsafe.Add(ref start, at));
            var second = Unsafe.Add(ref codes, Unsafe.Add(ref start, at + 1));
            var firstBits = (int)(first >> 16);
            writer.Put((first & 0xffff) | ((second & 0xffff) << firstBits), firstBits + (int)(second >> 16));
        }

        if (at < end)
        {
            var literal = Unsafe.Add(ref codes, Unsafe.Add(ref start, at));
            writer.Put(literal & 0xffff, (int)(literal >> 16));
        }
    }

    /// <summary>The bytes of the MessagePack number each type byte starts (its payload's and its own); 1 for anything else.</summary>
    private static ReadOnlySpan<byte> NumberWidths =>
    [
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x00
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x20
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x40
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x60
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x80
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0xa0
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 9, 2, 3, 5, 9, 2, 3, 5, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0xc0: 0xca float32, 0xcb float64, 0xcc-0xcf uint8-64, 0xd0-0xd3 int8-64
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0xe0
    ];

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

        /// <summary>Appends the low <paramref name="bits"/> (at most 32) of <paramref name="value"/>.</summary>
        /// <remarks>
        /// Without a branch, which a code's length would make unpredictable: the pending bits are
        /// stored whole (8 bytes; the buffer has room past its end) and the whole bytes among them
        /// passed, so that at most 7 bits stay pending.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(uint value, int bits)
        {
            pending |= (ulong)value << pendingBits;
            pendingBits += bits;
            BinaryPrimitives.WriteUInt64LittleEndian(output.AsSpan(written, sizeof(ulong)), pending);
            var wholeBytes = pendingBits >> 3;
            written += wholeBytes;
            pending >>= wholeBytes << 3;
            pendingBits &= 7;
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
