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
/// made for these bytes. The codes are made from a sample of the segment (slices from all over
/// it), with a code for every byte and every match it can make, so that the segment is read once
/// to code it. On the wakeups' time_ns column it takes 0.3 of the time of zlib's fastest level
/// and makes 45% less (zlib's fastest codes the noisy low bytes with fixed codes, longer than the
/// bytes); on the events' usecs (doubles) 0.4 of the time for 9% more (zlib also finds the
/// repeating binary fractions of microseconds in their last bytes). Any bytes are coded right: a
/// byte that starts no number of a known width is a literal.
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

    // The codes are made from this many bytes of a segment, in slices spread over it: as good as
    // the whole segment's counts (0.2% larger on time_ns), in a tenth of the counting.
    private const int SampleBytes = 32768;
    private const int SampleSlices = 8;

    // Matches code the leading bytes a number shares with the one before: 3 to 9 bytes (a float64's).
    private const int LongestPrefix = 9;

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
        // Every byte, match length and width gets a code, whatever the sample holds; the end of block too.
        counts.AsSpan(0, FirstLengthSymbol + LongestPrefix - ShortestMatch + 1).Fill(1);
        foreach (var width in (ReadOnlySpan<int>)[3, 5, 9])
        {
            distanceCounts[DistanceSymbol(width)] = 1;
        }

        if (data.Length <= 2 * SampleBytes)
        {
            Count(data, counts, distanceCounts);
        }
        else
        {
            // A slice that starts inside a number miscounts a few bytes until the parse finds the next one.
            var stride = data.Length / SampleSlices;
            for (var slice = 0; slice < SampleSlices; slice++)
            {
                Count(data.Slice(slice * stride, SampleBytes / SampleSlices), counts, distanceCounts);
            }
        }

        var literals = HuffmanCode.Build(counts, MaxCodeBits);
        var distances = HuffmanCode.Build(distanceCounts, MaxCodeBits);
        var buffer = ArrayPool<byte>.Shared.Rent(UpperBoundBytes(data.Length));
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
        // Item keeps each item within data; a byte indexes the literals' codes.
        ref var start = ref MemoryMarshal.GetReference(data);
        var literalCodes = CodesWithLengths(literals);
        ref var codes = ref MemoryMarshal.GetArrayDataReference(literalCodes);
        var distanceCodes = DistanceCodesOfWidths(distances);
        var length = data.Length;
        var previousStart = NoPrevious;
        // The writer's state in locals, which stay in registers through the loop.
        var (output, pending, pendingBits, written) = bits.State;
        ref var destination = ref MemoryMarshal.GetArrayDataReference(output);
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
                BitWriter.Put(ref destination, ref written, ref pending, ref pendingBits, (matchLength & 0xffff) | ((ulong)(distance & 0xffff) << lengthBits), lengthBits + (int)(distance >> 16));
                at += shared;
            }

            // The other bytes as literals, three at a time (up to 45 bits).
            var end = position + width;
            for (; at + 2 < end; at += 3)
            {
                var first = Unsafe.Add(ref codes, Unsafe.Add(ref start, at));
                var second = Unsafe.Add(ref codes, Unsafe.Add(ref start, at + 1));
                var third = Unsafe.Add(ref codes, Unsafe.Add(ref start, at + 2));
                var firstBits = (int)(first >> 16);
                var secondBits = (int)(second >> 16);
                var value = (first & 0xffff) | ((ulong)(second & 0xffff) << firstBits) | ((ulong)(third & 0xffff) << (firstBits + secondBits));
                BitWriter.Put(ref destination, ref written, ref pending, ref pendingBits, value, firstBits + secondBits + (int)(third >> 16));
            }

            for (; at < end; at++)
            {
                var literal = Unsafe.Add(ref codes, Unsafe.Add(ref start, at));
                BitWriter.Put(ref destination, ref written, ref pending, ref pendingBits, literal & 0xffff, (int)(literal >> 16));
            }

            position = end;
        }

        bits.State = (output, pending, pendingBits, written);
    }

    /// <summary>Each symbol's code and, above bit 16, its length: one load per byte.</summary>
    private static uint[] CodesWithLengths(HuffmanCode code)
    {
        var codes = new uint[code.Codes.Length];
        for (var symbol = 0; symbol < codes.Length; symbol++)
        {
            codes[symbol] = code.Codes[symbol] | ((uint)code.Lengths[symbol] << 16);
        }

        return codes;
    }

    /// <summary>
    /// By number width, the distance code of a match that far back and, above bit 16, its length
    /// with its extra bits (0: each width is its distance code's first distance).
    /// </summary>
    private static uint[] DistanceCodesOfWidths(HuffmanCode distances)
    {
        var codes = new uint[LongestPrefix + 1];
        foreach (var width in (ReadOnlySpan<int>)[3, 5, 9])
        {
            var symbol = DistanceSymbol(width);
            codes[width] = distances.Codes[symbol] | ((uint)(distances.Lengths[symbol] + DistanceExtraBits(symbol)) << 16);
        }

        return codes;
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

    /// <summary>
    /// Room for the block of <paramref name="length"/> bytes: each costs a literal code at most (15
    /// bits; a match of 3 or more costs at most 32), plus the codes' header (under 300 bytes), the
    /// end and the 8 bytes each put stores whole.
    /// </summary>
    private static int UpperBoundBytes(int length) => checked((length / 8 * MaxCodeBits) + (length % 8 * 2) + 512);

    /// <summary>Deflate's bit order: each value's lowest bit first, bytes filled from their lowest bit.</summary>
    private struct BitWriter(byte[] output)
    {
        private ulong pending;
        private int pendingBits;
        private int written;

        public readonly int Length => written;

        /// <summary>Its buffer, pending bits and bytes written, for a loop that keeps them in locals.</summary>
        public (byte[] Output, ulong Pending, int PendingBits, int Written) State
        {
            readonly get => (output, pending, pendingBits, written);
            set => (_, pending, pendingBits, written) = value;
        }

        /// <summary>Appends the low <paramref name="bits"/> (at most 32) of <paramref name="value"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(uint value, int bits) => Put(ref MemoryMarshal.GetArrayDataReference(output), ref written, ref pending, ref pendingBits, value, bits);

        /// <summary>Appends the low <paramref name="bits"/> (at most 56) of <paramref name="value"/> to the state in the other arguments.</summary>
        /// <remarks>
        /// Without a branch, which a code's length would make unpredictable: the pending bits are
        /// stored whole (8 bytes; the buffer has room past its end) and the whole bytes among them
        /// passed, so that at most 7 bits stay pending.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Put(ref byte destination, ref int written, ref ulong pending, ref int pendingBits, ulong value, int bits)
        {
            pending |= value << pendingBits;
            pendingBits += bits;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, written), BitConverter.IsLittleEndian ? pending : BinaryPrimitives.ReverseEndianness(pending));
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
