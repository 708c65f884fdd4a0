using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// The Adler-32 checksum that ends a zlib stream (RFC 1950), 16 bytes at a time. Compiled fully
/// optimized at once: it runs once per load, too soon for tiered compilation to vectorize it.
/// </summary>
internal static class Adler32
{
    private const uint Modulus = 65521;

    // Bytes summed between reductions modulo 65521: zlib's 5552, rounded down to whole vectors.
    private const int BlockSize = 5552 / 16 * 16;

    /// <param name="data">The bytes to add.</param>
    /// <param name="checksum">The checksum of the bytes before them (1 for none), so that a stream can be summed in pieces.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint Compute(ReadOnlySpan<byte> data, uint checksum = 1)
    {
        var a = checksum & 0xffff;
        var b = checksum >> 16;
        while (!data.IsEmpty)
        {
            var block = data[..Math.Min(data.Length, BlockSize)];
            var vectors = block.Length / 16;
            if (vectors > 0)
            {
                AddVectors(block[..(vectors * 16)], ref a, ref b);
            }

            foreach (var value in block[(vectors * 16)..])
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[block.Length..];
        }

        return (b << 16) | a;
    }

    /// <summary>The checksum of two pieces one after the other, from theirs (zlib's adler32_combine).</summary>
    /// <param name="secondLength">The second piece's length in bytes.</param>
    public static uint Combine(uint first, uint second, long secondLength)
    {
        var remainder = (uint)(secondLength % Modulus);
        var sum1 = first & 0xffff;
        var sum2 = remainder * sum1 % Modulus;
        sum1 += (second & 0xffff) + Modulus - 1;
        sum2 += (first >> 16) + (second >> 16) + Modulus - remainder;
        sum1 = sum1 >= Modulus ? sum1 - Modulus : sum1;
        sum1 = sum1 >= Modulus ? sum1 - Modulus : sum1;
        sum2 = sum2 >= 2 * Modulus ? sum2 - (2 * Modulus) : sum2;
        sum2 = sum2 >= Modulus ? sum2 - Modulus : sum2;
        return (sum2 << 16) | sum1;
    }

    /// <summary>
    /// Over a run of 16-byte chunks each byte adds to a, and to b its weight (16 for the chunk's
    /// first byte down to 1 for its last) plus 16 times a as it was before the chunk.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddVectors(ReadOnlySpan<byte> chunks, ref uint a, ref uint b)
    {
        var firstWeights = Vector128.Create((ushort)16, 15, 14, 13, 12, 11, 10, 9);
        var lastWeights = Vector128.Create((ushort)8, 7, 6, 5, 4, 3, 2, 1);
        var byteSums = Vector128<uint>.Zero;
        var earlierByteSums = Vector128<uint>.Zero;
        var weightedSums = Vector128<uint>.Zero;
        for (var offset = 0; offset < chunks.Length; offset += 16)
        {
            var (first, last) = Vector128.Widen(Vector128.Create(chunks.Slice(offset, 16)));
            earlierByteSums += byteSums;
            var (sumLow, sumHigh) = Vector128.Widen(first + last);
            byteSums += sumLow + sumHigh;
            var (weightedLow, weightedHigh) = Vector128.Widen((first * firstWeights) + (last * lastWeights));
            weightedSums += weightedLow + weightedHigh;
        }

        var chunkCount = (ulong)(chunks.Length / 16);
        var wideB = b + (16 * chunkCount * a) + (16 * (ulong)Vector128.Sum(Vector128.WidenLower(earlierByteSums) + Vector128.WidenUpper(earlierByteSums))) + Vector128.Sum(weightedSums);
        a += Vector128.Sum(byteSums);
        b = (uint)(wideB % Modulus);
    }
}
