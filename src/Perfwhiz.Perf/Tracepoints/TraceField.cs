using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Perfwhiz.Perf.Tracepoints;

/// <summary>
/// One field of a tracepoint format, located by the offset and size the format declares. Reads
/// return false when the payload is too short, so a damaged sample is counted, not fatal.
/// </summary>
public sealed class TraceField
{
    public TraceField(string name, string type, int offset, int size, bool isSigned)
    {
        Name = name;
        Type = type;
        Offset = offset;
        Size = size;
        IsSigned = isSigned;
        IsDataLoc = type.StartsWith("__data_loc", StringComparison.Ordinal);
        IsRelLoc = type.StartsWith("__rel_loc", StringComparison.Ordinal);
    }

    public string Name { get; }

    public string Type { get; }

    public int Offset { get; }

    public int Size { get; }

    public bool IsSigned { get; }

    /// <summary>A dynamic array: the field holds (length &lt;&lt; 16 | offset from payload start).</summary>
    public bool IsDataLoc { get; }

    /// <summary>A dynamic array whose offset is relative to the end of the field (kernel 5.18+).</summary>
    public bool IsRelLoc { get; }

    /// <summary>Reads an integer field of 1, 2, 4 or 8 bytes, sign-extended when the format says signed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadInt64(ReadOnlySpan<byte> payload, bool bigEndian, out long value)
    {
        if ((uint)(Offset + Size) > (uint)payload.Length)
        {
            value = 0;
            return false;
        }

        var bytes = payload.Slice(Offset, Size);
        switch (Size)
        {
            case 1:
                value = IsSigned ? (sbyte)bytes[0] : bytes[0];
                return true;
            case 2:
                var u16 = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);
                value = IsSigned ? (short)u16 : u16;
                return true;
            case 4:
                var u32 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
                value = IsSigned ? (int)u32 : u32;
                return true;
            case 8:
                value = unchecked((long)(bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes)));
                return true;
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>
    /// Reads a char array or a dynamic string as stored: the text ends at the first NUL, if any,
    /// and cutting it there is left to the caller (perfcap does it on another thread).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadStringBytes(ReadOnlySpan<byte> payload, bool bigEndian, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (IsDataLoc || IsRelLoc)
        {
            if (!TryReadInt64(payload, bigEndian, out var location))
            {
                return false;
            }

            var start = (int)(location & 0xFFFF) + (IsRelLoc ? Offset + Size : 0);
            var length = (int)((location >> 16) & 0xFFFF);
            if (start + length > payload.Length)
            {
                return false;
            }

            bytes = payload.Slice(start, length);
            return true;
        }

        if ((uint)(Offset + Size) > (uint)payload.Length)
        {
            return false;
        }

        bytes = payload.Slice(Offset, Size);
        return true;
    }
}
