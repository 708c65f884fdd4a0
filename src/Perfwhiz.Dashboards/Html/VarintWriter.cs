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

    public void Unsigned(ulong value)
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

    public void Signed(long value) => Unsigned((ulong)((value << 1) ^ (value >> 63)));
}
