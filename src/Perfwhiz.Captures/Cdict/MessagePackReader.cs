using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Reads the MessagePack subset perfwhiz needs (nil, bool, ints, floats, str, bin, array, map) from
/// one buffer. Every length is checked against the bytes left before it is used, so a hostile
/// header can neither read out of bounds nor make the caller allocate more than the data can hold.
/// str and bin are both accepted wherever a string is expected: the original perfwhiz's two packers
/// differed. Every error is a <see cref="CdictFormatException"/> naming the source, what was
/// expected and the byte offset. The per-value paths are inlined or compiled fully optimized at
/// once: a cdict is read once per process, too soon for tiered compilation to catch up.
/// The data may also be what a <see cref="BackgroundInflater"/> inflates: the reader then holds a
/// window of it and slides it on, waiting for bytes, only when it runs out of those that have arrived.
/// Why not MessagePack-CSharp's MessagePackReader (NuGet MessagePack 2.5.307; its low-level struct
/// is NativeAOT-clean): it reads a ReadOnlySequence that must already hold every byte of the value
/// being read, and a cdict is one map, so the stream would have to be inflated whole first (130 MB
/// for 1.7M rows, and a zlib bomb's gigabytes before its first bad value) instead of decoded in a
/// sliding window while it inflates; and its errors (EndOfStreamException, MessagePackSerializationException)
/// name no source or offset, which every read would have to wrap to give one clear line.
/// </summary>
public ref partial struct MessagePackReader
{
    private readonly string source;
    private readonly BackgroundInflater? inflater;

    // How long the data will be once all of it has arrived (an upper bound until an inflater whose
    // length was not announced reaches the end).
    private int finalLength;

    // The bytes that have arrived (the window, with an inflater), and the offset of the first of them.
    private ReadOnlySpan<byte> data;
    private int dataStart;

    // Index into data of the next value.
    private int position;

    /// <param name="data">The encoded values.</param>
    /// <param name="source">Names the data in error messages, e.g. "run.cdict (columns)".</param>
    public MessagePackReader(ReadOnlySpan<byte> data, string source)
    {
        this.data = data;
        this.source = source;
        finalLength = data.Length;
    }

    /// <summary>Reads the data <paramref name="inflater"/> inflates, while it does.</summary>
    internal MessagePackReader(BackgroundInflater inflater, string source)
    {
        this.inflater = inflater;
        this.source = source;
        finalLength = inflater.FinalLength;
    }

    /// <summary>Byte offset of the next value.</summary>
    public readonly int Position => dataStart + position;

    public bool IsAtEnd => !HasBytes(1);

    /// <summary>
    /// The bytes from the position on that have arrived, for a column loop that decodes runs of
    /// plain values from a local span (see <see cref="ColumnRuns"/>): the reader's own fields, behind
    /// a reference, would be loaded and stored again for every value.
    /// </summary>
    internal readonly ReadOnlySpan<byte> Arrived => data[position..];

    /// <summary>Moves past <paramref name="count"/> bytes of <see cref="Arrived"/>, all decoded.</summary>
    internal void Consume(int count) => position += count;

    /// <summary>Names the data in error messages.</summary>
    public readonly string Source => source;

    public bool TryReadNil()
    {
        if (HasBytes(1) && data[position] == 0xc0)
        {
            position++;
            return true;
        }

        return false;
    }

    public bool ReadBoolean()
    {
        var code = PeekCode("a boolean");
        if (code is not (0xc2 or 0xc3))
        {
            throw UnexpectedValue("a boolean");
        }

        position++;
        return code == 0xc3;
    }

    /// <summary>Reads an integer of any width; false (nothing consumed) when the next value is not an integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadInt64(out long value)
    {
        if (position < data.Length)
        {
            var code = data[position];
            if (code <= 0x7f)
            {
                position++;
                value = code;
                return true;
            }

            if (code >= 0xe0)
            {
                position++;
                value = (sbyte)code;
                return true;
            }

            // Thread ids: uint16 or uint32, read here when their bytes have arrived.
            if (code == 0xcd && data.Length - position >= 3)
            {
                value = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(position + 1, 2));
                position += 3;
                return true;
            }

            if (code == 0xce && data.Length - position >= 5)
            {
                value = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(position + 1, 4));
                position += 5;
                return true;
            }
        }

        return TryReadWideInt64(out value);
    }

    public long ReadInt64(string expected = "an integer")
    {
        if (!TryReadInt64(out var value))
        {
            throw UnexpectedValue(expected);
        }

        return value;
    }

    public int ReadInt32(string expected = "an integer")
    {
        var start = Position;
        var value = ReadInt64(expected);
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw Invalid($"integer {value} does not fit in 32 bits", start);
        }

        return (int)value;
    }

    /// <summary>Reads a non-negative integer of any width, including uint64 values above <see cref="long.MaxValue"/>.</summary>
    public ulong ReadUInt64(string expected = "an unsigned integer")
    {
        var start = Position;
        if (PeekCode(expected) == 0xcf)
        {
            return BinaryPrimitives.ReadUInt64BigEndian(Payload(8, "uint64"));
        }

        var value = ReadInt64(expected);
        if (value < 0)
        {
            throw Invalid($"integer {value} is negative where an unsigned integer is expected", start);
        }

        return (ulong)value;
    }

    /// <summary>Reads a float32 or float64; false (nothing consumed) when the next value is neither.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadDouble(out double value)
    {
        if (HasBytes(1))
        {
            switch (data[position])
            {
                case 0xcb:
                    value = BinaryPrimitives.ReadDoubleBigEndian(Payload(8, "float64"));
                    return true;
                case 0xca:
                    value = BinaryPrimitives.ReadSingleBigEndian(Payload(4, "float32"));
                    return true;
            }
        }

        value = 0;
        return false;
    }

    public double ReadDouble()
    {
        if (!TryReadDouble(out var value))
        {
            throw UnexpectedValue("a float");
        }

        return value;
    }

    /// <summary>Reads the bytes of a str or bin; false (nothing consumed) when the next value is neither.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadStringBytes(out ReadOnlySpan<byte> bytes)
    {
        if (position < data.Length)
        {
            var code = data[position];
            if ((code & 0xe0) == 0xa0)
            {
                bytes = Body(1, (uint)(code & 0x1f), "fixstr");
                return true;
            }
        }

        return TryReadLongStringBytes(out bytes);
    }

    public ReadOnlySpan<byte> ReadStringBytes(string expected = "a string")
    {
        if (!TryReadStringBytes(out var bytes))
        {
            throw UnexpectedValue(expected);
        }

        return bytes;
    }

    /// <summary>Reads a str or bin as UTF-8 text (invalid sequences become U+FFFD, as task names are raw kernel bytes).</summary>
    public string ReadString(string expected = "a string") => Encoding.UTF8.GetString(ReadStringBytes(expected));

    /// <summary>Reads an array header; the count is at most the bytes left (an upper bound while inflating: grow as values are decoded rather than allocate for it).</summary>
    public int ReadArrayHeader(string expected = "an array")
    {
        var start = Position;
        var code = PeekCode(expected);
        uint count;
        int headerSize;
        if ((code & 0xf0) == 0x90)
        {
            count = (uint)(code & 0x0f);
            headerSize = 1;
        }
        else if (code == 0xdc)
        {
            count = BinaryPrimitives.ReadUInt16BigEndian(Header(2, "array16"));
            headerSize = 3;
        }
        else if (code == 0xdd)
        {
            count = BinaryPrimitives.ReadUInt32BigEndian(Header(4, "array32"));
            headerSize = 5;
        }
        else
        {
            throw UnexpectedValue(expected);
        }

        return (int)Elements(start, headerSize, count, 1, "array");
    }

    /// <summary>Reads a map header; the count is at most half the bytes left.</summary>
    public int ReadMapHeader(string expected = "a map")
    {
        var start = Position;
        var code = PeekCode(expected);
        uint count;
        int headerSize;
        if ((code & 0xf0) == 0x80)
        {
            count = (uint)(code & 0x0f);
            headerSize = 1;
        }
        else if (code == 0xde)
        {
            count = BinaryPrimitives.ReadUInt16BigEndian(Header(2, "map16"));
            headerSize = 3;
        }
        else if (code == 0xdf)
        {
            count = BinaryPrimitives.ReadUInt32BigEndian(Header(4, "map32"));
            headerSize = 5;
        }
        else
        {
            throw UnexpectedValue(expected);
        }

        return (int)Elements(start, headerSize, count, 2, "map");
    }

    /// <summary>Skips one value of any type, nested ones included; iterative so deep nesting cannot overflow the stack.</summary>
    public void Skip()
    {
        long pending = 1;
        while (pending > 0)
        {
            pending--;
            var code = PeekCode("a value");
            if (code <= 0x7f || code >= 0xe0 || code is 0xc0 or 0xc2 or 0xc3)
            {
                position++;
                continue;
            }

            switch (code)
            {
                case >= 0x80 and <= 0x8f or 0xde or 0xdf:
                    pending += 2L * ReadMapHeader();
                    break;
                case >= 0x90 and <= 0x9f or 0xdc or 0xdd:
                    pending += ReadArrayHeader();
                    break;
                case >= 0xa0 and <= 0xbf or 0xd9 or 0xda or 0xdb or 0xc4 or 0xc5 or 0xc6:
                    TryReadStringBytes(out _);
                    break;
                case 0xcc or 0xd0:
                    Payload(1, "int8");
                    break;
                case 0xcd or 0xd1:
                    Payload(2, "int16");
                    break;
                case 0xce or 0xd2 or 0xca:
                    Payload(4, "32-bit number");
                    break;
                case 0xcf or 0xd3 or 0xcb:
                    Payload(8, "64-bit number");
                    break;
                case 0xd4 or 0xd5 or 0xd6 or 0xd7 or 0xd8:
                    // fixext: a type byte and 1, 2, 4, 8 or 16 data bytes.
                    Payload(1 + (1 << (code - 0xd4)), "fixext");
                    break;
                case 0xc7:
                    Body(3, Header(1, "ext8")[0], "ext8");
                    break;
                case 0xc8:
                    Body(4, BinaryPrimitives.ReadUInt16BigEndian(Header(2, "ext16")), "ext16");
                    break;
                case 0xc9:
                    Body(6, BinaryPrimitives.ReadUInt32BigEndian(Header(4, "ext32")), "ext32");
                    break;
                default:
                    throw UnexpectedValue("a value");
            }
        }
    }

    /// <summary>An error for a value of the wrong type at the current position (not consumed).</summary>
    public readonly CdictFormatException UnexpectedValue(string expected) =>
        new($"{source}: expected {expected} at byte {Position}, found {DescribeNext()}");

    /// <summary>An error for a well-formed value that perfwhiz cannot accept, e.g. out of range.</summary>
    public readonly CdictFormatException Invalid(string problem, int offset) =>
        new($"{source}: {problem} (byte {offset})");
}
