namespace Perfwhiz.Events.Cdict;

/// <summary>The Adler-32 checksum that ends a zlib stream (RFC 1950).</summary>
internal static class Adler32
{
    private const uint Modulus = 65521;

    // The most bytes summed before the 32-bit sums could overflow and must be reduced.
    private const int MaxBlock = 5552;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint a = 1;
        uint b = 0;
        while (!data.IsEmpty)
        {
            var block = data[..Math.Min(data.Length, MaxBlock)];
            foreach (var value in block)
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
}
