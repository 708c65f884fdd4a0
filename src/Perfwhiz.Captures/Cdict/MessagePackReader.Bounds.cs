using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Perfwhiz.Captures.Cdict;

/// <summary>The wider encodings, the bounds every length is checked against, the wait for an inflater's bytes, and the errors.</summary>
public ref partial struct MessagePackReader
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReadWideInt64(out long value)
    {
        var start = Position;
        if (!HasBytes(1))
        {
            value = 0;
            return false;
        }

        // Fixints land here too when they are the first bytes to arrive after a wait.
        switch (data[position])
        {
            case <= 0x7f:
                value = data[position++];
                return true;
            case >= 0xe0:
                value = (sbyte)data[position++];
                return true;
            case 0xcc:
                value = Payload(1, "uint8")[0];
                return true;
            case 0xcd:
                value = BinaryPrimitives.ReadUInt16BigEndian(Payload(2, "uint16"));
                return true;
            case 0xce:
                value = BinaryPrimitives.ReadUInt32BigEndian(Payload(4, "uint32"));
                return true;
            case 0xcf:
                var unsigned = BinaryPrimitives.ReadUInt64BigEndian(Payload(8, "uint64"));
                if (unsigned > long.MaxValue)
                {
                    throw Invalid($"integer {unsigned} does not fit in a signed 64-bit integer", start);
                }

                value = (long)unsigned;
                return true;
            case 0xd0:
                value = (sbyte)Payload(1, "int8")[0];
                return true;
            case 0xd1:
                value = BinaryPrimitives.ReadInt16BigEndian(Payload(2, "int16"));
                return true;
            case 0xd2:
                value = BinaryPrimitives.ReadInt32BigEndian(Payload(4, "int32"));
                return true;
            case 0xd3:
                value = BinaryPrimitives.ReadInt64BigEndian(Payload(8, "int64"));
                return true;
            default:
                value = 0;
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReadLongStringBytes(out ReadOnlySpan<byte> bytes)
    {
        if (!HasBytes(1))
        {
            bytes = default;
            return false;
        }

        switch (data[position])
        {
            case >= 0xa0 and <= 0xbf:
                bytes = Body(1, (uint)(data[position] & 0x1f), "fixstr");
                return true;
            case 0xd9 or 0xc4:
                bytes = Body(2, Header(1, "str8/bin8")[0], "str8/bin8");
                return true;
            case 0xda or 0xc5:
                bytes = Body(3, BinaryPrimitives.ReadUInt16BigEndian(Header(2, "str16/bin16")), "str16/bin16");
                return true;
            case 0xdb or 0xc6:
                bytes = Body(5, BinaryPrimitives.ReadUInt32BigEndian(Header(4, "str32/bin32")), "str32/bin32");
                return true;
            default:
                bytes = default;
                return false;
        }
    }

    private byte PeekCode(string expected)
    {
        if (!HasBytes(1))
        {
            throw UnexpectedValue(expected);
        }

        return data[position];
    }

    /// <summary>The <paramref name="size"/> bytes after the type byte, without consuming anything.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Header(int size, string what)
    {
        if (!HasBytes(1L + size))
        {
            throw Truncated(what, 1 + size);
        }

        return data.Slice(position + 1, size);
    }

    /// <summary>Consumes the type byte and the <paramref name="size"/> fixed bytes after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Payload(int size, string what)
    {
        var payload = Header(size, what);
        position += 1 + size;
        return payload;
    }

    /// <summary>Consumes a header of <paramref name="headerSize"/> bytes and the <paramref name="length"/> bytes it announces.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Body(int headerSize, uint length, string what)
    {
        if (!HasBytes((long)headerSize + length))
        {
            throw Truncated(what, headerSize + (long)length);
        }

        var body = data.Slice(position + headerSize, (int)length);
        position += headerSize + (int)length;
        return body;
    }

    /// <param name="start">Offset of the header's first byte.</param>
    private uint Elements(int start, int headerSize, uint count, int valuesPerElement, string what)
    {
        // Every value takes at least one byte: a count beyond the bytes left is a lie. While
        // inflating, the bytes left are an upper bound until the stream has ended: callers
        // allocate for the values they decode, not for the count.
        var needed = (ulong)count * (ulong)valuesPerElement;
        var left = finalLength - start - headerSize;
        if (needed > (ulong)Math.Max(left, 0))
        {
            throw Invalid($"{what} of {count} elements cannot fit in the {Math.Max(left, 0)} bytes left", start);
        }

        position = start - dataStart + headerSize;
        return count;
    }

    /// <summary>Whether <paramref name="count"/> bytes from the position are there, waiting for them if they are still arriving.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool HasBytes(long count) => data.Length - position >= count || WaitForBytes(count);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool WaitForBytes(long count)
    {
        var offset = Position;
        if (inflater is null || offset + count > finalLength)
        {
            return false;
        }

        data = inflater.Slide(offset, (int)(offset + count));
        dataStart = offset;
        position = 0;
        finalLength = inflater.FinalLength;
        return data.Length - position >= count;
    }

    private readonly CdictFormatException Truncated(string what, long needed) =>
        Invalid($"{what} needs {needed} bytes but the data ends after {data.Length - position}", Position);

    private readonly string DescribeNext()
    {
        if (position >= data.Length)
        {
            return "the end of the data";
        }

        return data[position] switch
        {
            <= 0x7f => "a positive fixint",
            >= 0x80 and <= 0x8f => "a fixmap",
            >= 0x90 and <= 0x9f => "a fixarray",
            >= 0xa0 and <= 0xbf => "a fixstr",
            0xc0 => "nil",
            0xc1 => "the reserved byte 0xc1",
            0xc2 => "false",
            0xc3 => "true",
            0xc4 or 0xc5 or 0xc6 => "a bin",
            0xc7 or 0xc8 or 0xc9 or (>= 0xd4 and <= 0xd8) => "an ext",
            0xca => "a float32",
            0xcb => "a float64",
            >= 0xcc and <= 0xcf => "an unsigned integer",
            >= 0xd0 and <= 0xd3 => "a signed integer",
            0xd9 or 0xda or 0xdb => "a str",
            0xdc or 0xdd => "an array",
            0xde or 0xdf => "a map",
            _ => "a negative fixint",
        };
    }
}
