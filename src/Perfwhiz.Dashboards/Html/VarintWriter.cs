using System.Runtime.CompilerServices;

namespace Perfwhiz.Dashboards;

/// <summary>
/// LEB128 varints into a growing buffer: small numbers (time deltas, cores) take one byte, which
/// gzip then squeezes further. Signed values are zigzag-encoded so small negatives stay small.
/// </summary>
internal sealed class VarintWriter(int capacity)
{
    private byte[] buffer = new byte[Math.Max(capacity, 16)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Unsigned(ulong value)
    {
        // Most values take one byte.
        if (value < 0x80 && Length < buffer.Length)
        {
            buffer[Length++] = (byte)value;
            return;
        }

        UnsignedSlow(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Signed(long value) => Unsigned((ulong)((value << 1) ^ (value >> 63)));

    private void UnsignedSlow(ulong value)
    {
        if (Length + 10 > buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        while (value >= 0x80)
        {
            buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[Length++] = (byte)value;
    }
}
