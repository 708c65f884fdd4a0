using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Perfwhiz.Perf.Container;

/// <summary>
/// Bounds-checked sequential reader over bytes in the recording machine's byte order. Every
/// failure is a <see cref="PerfDataException"/> naming what was being read and its file offset.
/// </summary>
public ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> data;
    private readonly long fileOffset;
    private readonly string what;

    public SpanReader(ReadOnlySpan<byte> data, bool bigEndian, long fileOffset, string what)
    {
        this.data = data;
        BigEndian = bigEndian;
        this.fileOffset = fileOffset;
        this.what = what;
    }

    public bool BigEndian { get; }

    public int Position { get; private set; }

    public readonly int Remaining => data.Length - Position;

    public readonly long FileOffset => fileOffset + Position;

    public uint ReadUInt32()
    {
        var bytes = Take(4);
        return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    public ulong ReadUInt64()
    {
        var bytes = Take(8);
        return BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    public int ReadInt32() => unchecked((int)ReadUInt32());

    public long ReadInt64() => unchecked((long)ReadUInt64());

    public byte ReadByte() => Take(1)[0];

    /// <summary>Reads a u64 length or count that must fit in the bytes that remain.</summary>
    public int ReadLength64(string field)
    {
        var start = FileOffset;
        var length = ReadUInt64();
        if (length > (ulong)Remaining)
        {
            ThrowBadLength(field, length, start);
        }

        return (int)length;
    }

    /// <summary>Reads a u32 length or count that must fit in the bytes that remain.</summary>
    public int ReadLength32(string field)
    {
        var start = FileOffset;
        var length = ReadUInt32();
        if (length > (uint)Remaining)
        {
            ThrowBadLength(field, length, start);
        }

        return (int)length;
    }

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    public void Skip(int count) => Take(count);

    /// <summary>Reads a NUL-terminated string and moves past its terminator.</summary>
    public string ReadCString()
    {
        var rest = data[Position..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            ThrowPastEnd(rest.Length + 1);
        }

        Position += end + 1;
        return Encoding.UTF8.GetString(rest[..end]);
    }

    /// <summary>perf's header string: u32 length, then text padded with NULs to that length.</summary>
    public string ReadPaddedString()
    {
        var length = ReadLength32("string length");
        return TextOf(Take(length));
    }

    /// <summary>Decodes bytes up to the first NUL as UTF-8.</summary>
    public static string TextOf(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)Remaining)
        {
            ThrowPastEnd(count);
        }

        var slice = data.Slice(Position, count);
        Position += count;
        return slice;
    }

    [DoesNotReturn]
    private readonly void ThrowPastEnd(int count) =>
        throw new PerfDataException($"{what}: needs {count} bytes at offset {FileOffset} but only {Remaining} remain");

    [DoesNotReturn]
    private readonly void ThrowBadLength(string field, ulong length, long at) =>
        throw new PerfDataException($"{what}: {field} {length} at offset {at} exceeds the {Remaining} bytes that remain");
}
