using System.Buffers.Binary;
using System.Text;

namespace Perfwhiz.Tests.Infrastructure;

/// <summary>An append-only byte buffer that writes every number in one chosen byte order.</summary>
internal sealed class EndianBuffer(bool bigEndian)
{
    private byte[] _bytes = new byte[4096];

    public bool BigEndian => bigEndian;

    public int Length { get; private set; }

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/>, whose length (1, 2, 4 or 8) is the field size.</summary>
    public static void Put(Span<byte> destination, ulong value, bool bigEndian)
    {
        switch (destination.Length)
        {
            case 1:
                destination[0] = (byte)value;
                break;
            case 2 when bigEndian:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)value);
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)value);
                break;
            case 4 when bigEndian:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value);
                break;
            case 4:
                BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)value);
                break;
            case 8 when bigEndian:
                BinaryPrimitives.WriteUInt64BigEndian(destination, value);
                break;
            case 8:
                BinaryPrimitives.WriteUInt64LittleEndian(destination, value);
                break;
            default:
                throw new ArgumentException($"No integer is {destination.Length} bytes wide.", nameof(destination));
        }
    }

    public void U8(byte value) => Append(1)[0] = value;

    public void U16(ushort value) => Put(Append(2), value, bigEndian);

    public void U32(uint value) => Put(Append(4), value, bigEndian);

    public void U64(ulong value) => Put(Append(8), value, bigEndian);

    public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Append(value.Length));

    public void Zeros(int count) => Append(count).Clear();

    /// <summary>UTF-8 text followed by one NUL.</summary>
    public void CString(string value)
    {
        Bytes(Encoding.UTF8.GetBytes(value));
        U8(0);
    }

    /// <summary>Zero bytes up to the next multiple of <paramref name="alignment"/>.</summary>
    public void PadTo(int alignment) => Zeros(((Length + alignment - 1) / alignment * alignment) - Length);

    public byte[] ToArray() => _bytes.AsSpan(0, Length).ToArray();

    private Span<byte> Append(int count)
    {
        if (Length + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        }

        var span = _bytes.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
