using System.Buffers.Binary;
using System.Text;

namespace Perfwhiz.Exports.Perfetto;

/// <summary>
/// A forward-only protobuf encoder into a growing buffer. Nested messages are written in one pass:
/// their length is reserved as a 4-byte varint (0x80 0x80 0x80 0x00 padding is valid protobuf, the
/// way Perfetto's own protozero writes) and filled in when the message ends, so nothing is copied.
/// </summary>
internal sealed class ProtoWriter
{
    private const int LengthBytes = 4;
    private const int MaxNestedLength = (1 << (7 * LengthBytes)) - 1;
    private const int VarintWire = 0;
    private const int LengthDelimitedWire = 2;

    private readonly Stack<int> openMessages = new();
    private byte[] buffer = new byte[1 << 16];

    public int Length { get; private set; }

    /// <summary>Writes what is complete to <paramref name="output"/> and starts again; no message may be open.</summary>
    public void FlushTo(Stream output)
    {
        if (openMessages.Count != 0)
        {
            throw new InvalidOperationException("a message is still open");
        }

        output.Write(buffer, 0, Length);
        Length = 0;
    }

    public void UInt64(int field, ulong value)
    {
        Tag(field, VarintWire);
        Varint(value);
    }

    /// <summary>int32 and int64 fields: negatives take ten bytes, as protobuf defines.</summary>
    public void Int64(int field, long value) => UInt64(field, (ulong)value);

    public void Bool(int field, bool value) => UInt64(field, value ? 1UL : 0UL);

    public void String(int field, string value)
    {
        Tag(field, LengthDelimitedWire);
        var byteCount = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)byteCount);
        Reserve(byteCount);
        Length += Encoding.UTF8.GetBytes(value, buffer.AsSpan(Length));
    }

    /// <summary>A packed repeated varint field (int32, int64, uint32, uint64: negatives as their 64-bit two's complement).</summary>
    public void Packed(int field, List<ulong> values)
    {
        var byteCount = 0;
        foreach (var value in values)
        {
            byteCount += VarintSize(value);
        }

        Tag(field, LengthDelimitedWire);
        Varint((ulong)byteCount);
        foreach (var value in values)
        {
            Varint(value);
        }
    }

    /// <summary>Opens a nested message; every <see cref="BeginMessage"/> is closed by <see cref="EndMessage"/>.</summary>
    public void BeginMessage(int field)
    {
        Tag(field, LengthDelimitedWire);
        Reserve(LengthBytes);
        openMessages.Push(Length);
        Length += LengthBytes;
    }

    public void EndMessage()
    {
        var lengthAt = openMessages.Pop();
        var length = Length - lengthAt - LengthBytes;
        if (length > MaxNestedLength)
        {
            throw new InvalidOperationException($"a nested message of {length} bytes is over the {MaxNestedLength} a 4-byte length holds");
        }

        // Seven bits a byte, the continuation bit on all but the last.
        var padded = (uint)(length & 0x7F) | 0x80u
            | (uint)(((length >> 7) & 0x7F) | 0x80) << 8
            | (uint)(((length >> 14) & 0x7F) | 0x80) << 16
            | (uint)((length >> 21) & 0x7F) << 24;
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(lengthAt), padded);
    }

    private void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    private void Varint(ulong value)
    {
        Reserve(10);
        while (value >= 0x80)
        {
            buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[Length++] = (byte)value;
    }

    private static int VarintSize(ulong value) => value == 0 ? 1 : ((63 - System.Numerics.BitOperations.LeadingZeroCount(value)) / 7) + 1;

    private void Reserve(int bytes)
    {
        if (Length + bytes > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Length + bytes));
        }
    }
}
