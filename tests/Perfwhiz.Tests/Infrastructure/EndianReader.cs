using System.Buffers.Binary;
using System.Text;

namespace Perfwhiz.Tests.Infrastructure;

/// <summary>A cursor over bytes <see cref="PerfDataWriter"/> wrote, reading numbers in the file's byte order.</summary>
internal sealed class EndianReader(byte[] bytes, bool bigEndian)
{
    public int Position { get; set; }

    public byte U8() => Take(1)[0];

    public ushort U16() => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(Take(2)) : BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint U32() => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(Take(4)) : BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong U64() => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(Take(8)) : BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public byte[] Bytes(int count) => Take(count).ToArray();

    /// <summary>Text up to the next NUL, which is consumed.</summary>
    public string CString()
    {
        var length = Array.IndexOf(bytes, (byte)0, Position) - Position;
        var text = Encoding.UTF8.GetString(Take(length));
        Position++;
        return text;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        var span = bytes.AsSpan(Position, count);
        Position += count;
        return span;
    }
}
