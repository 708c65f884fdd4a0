using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Writes the MessagePack subset perfwhiz needs, each value in its smallest encoding, through a
/// pooled buffer into a stream (typically a zlib stream) so that no whole document is held in memory.
/// Strings are written as str; bin only when asked for. The per-value paths are inlined or compiled
/// fully optimized at once: a cdict is written once per process, too soon for tiered compilation.
/// </summary>
public sealed partial class MessagePackWriter : IDisposable
{
    private const int BufferSize = 1 << 16;

    // Largest fixed-size value: a type byte and 8 payload bytes.
    private const int LargestScalar = 9;

    private readonly Stream output;
    private byte[] buffer;
    private int used;
    private long flushed;

    public MessagePackWriter(Stream output)
    {
        this.output = output;
        buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    public long BytesWritten => flushed + used;

    /// <summary>The complete encoding of <paramref name="value"/> as a str, for callers that write the same string many times.</summary>
    public static byte[] EncodeString(string value) => EncodeString(Encoding.UTF8.GetBytes(value));

    /// <summary>The complete encoding of UTF-8 bytes as a str.</summary>
    public static byte[] EncodeString(ReadOnlySpan<byte> utf8)
    {
        var encoded = new byte[StringHeaderSize(utf8.Length) + utf8.Length];
        var headerSize = WriteStringHeader(encoded, utf8.Length);
        utf8.CopyTo(encoded.AsSpan(headerSize));
        return encoded;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteNil() => WriteCode(0xc0);

    public void WriteBoolean(bool value) => WriteCode(value ? (byte)0xc3 : (byte)0xc2);

    /// <summary>Writes <paramref name="value"/> in its smallest encoding (see <see cref="EncodeInt64"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteInt64(long value)
    {
        Reserve(LargestScalar);
        used += EncodeInt64(ref buffer[used], value);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteUInt64(ulong value)
    {
        if (value <= long.MaxValue)
        {
            WriteInt64((long)value);
            return;
        }

        var span = Reserve(LargestScalar);
        span[0] = 0xcf;
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
        used += 9;
    }

    public void WriteSingle(float value)
    {
        var span = Reserve(5);
        span[0] = 0xca;
        BinaryPrimitives.WriteSingleBigEndian(span[1..], value);
        used += 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDouble(double value)
    {
        var span = Reserve(9);
        span[0] = 0xcb;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        used += 9;
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = Reserve(StringHeaderSize(length));
        used += WriteStringHeader(span, length);
        if (length <= buffer.Length - used)
        {
            used += Encoding.UTF8.GetBytes(value, buffer.AsSpan(used));
            return;
        }

        var utf8 = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Encoding.UTF8.GetBytes(value, utf8);
            WriteRaw(utf8.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Writes already UTF-8 encoded text as a str.</summary>
    /// <remarks>
    /// The buffer is flushed where <see cref="WriteRaw"/> of the whole encoding would flush it (for any
    /// name shorter than the buffer): zlib's output depends on where its input is cut, and a cdict
    /// must be the same bytes whichever way its names are written.
    /// </remarks>
    public void WriteString(ReadOnlySpan<byte> utf8)
    {
        var encodedLength = StringHeaderSize(utf8.Length) + utf8.Length;
        if (encodedLength > buffer.Length - used)
        {
            Flush();
        }

        used += WriteStringHeader(buffer.AsSpan(used), utf8.Length);
        if (encodedLength <= buffer.Length)
        {
            utf8.CopyTo(buffer.AsSpan(used));
            used += utf8.Length;
            return;
        }

        WriteRaw(utf8);
    }

    public void WriteBinary(ReadOnlySpan<byte> bytes)
    {
        var span = Reserve(5);
        if (bytes.Length <= byte.MaxValue)
        {
            span[0] = 0xc4;
            span[1] = (byte)bytes.Length;
            used += 2;
        }
        else if (bytes.Length <= ushort.MaxValue)
        {
            span[0] = 0xc5;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)bytes.Length);
            used += 3;
        }
        else
        {
            span[0] = 0xc6;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)bytes.Length);
            used += 5;
        }

        WriteRaw(bytes);
    }

    public void WriteArrayHeader(int count) => WriteContainerHeader(count, 0x90, 0xdc);

    public void WriteMapHeader(int count) => WriteContainerHeader(count, 0x80, 0xde);

    /// <summary>Copies bytes that already are complete MessagePack values (see <see cref="EncodeString"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteRaw(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length <= buffer.Length - used)
        {
            encoded.CopyTo(buffer.AsSpan(used));
            used += encoded.Length;
            return;
        }

        Flush();
        if (encoded.Length <= buffer.Length)
        {
            encoded.CopyTo(buffer);
            used = encoded.Length;
            return;
        }

        output.Write(encoded);
        flushed += encoded.Length;
    }

    /// <summary>Hands the buffered bytes to the stream (which may buffer them further).</summary>
    public void Flush()
    {
        output.Write(buffer, 0, used);
        flushed += used;
        used = 0;
    }

    /// <summary>Flushes and returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (buffer.Length == 0)
        {
            return;
        }

        try
        {
            Flush();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }

    private static int StringHeaderSize(int length) => length switch
    {
        < 32 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static int WriteStringHeader(Span<byte> span, int length)
    {
        if (length < 32)
        {
            span[0] = (byte)(0xa0 | length);
            return 1;
        }

        if (length <= byte.MaxValue)
        {
            span[0] = 0xd9;
            span[1] = (byte)length;
            return 2;
        }

        if (length <= ushort.MaxValue)
        {
            span[0] = 0xda;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            return 3;
        }

        span[0] = 0xdb;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
        return 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteCode(byte code)
    {
        Reserve(1)[0] = code;
        used++;
    }

    /// <summary>The free part of the buffer, flushed first if fewer than <paramref name="size"/> bytes are free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int size)
    {
        if (buffer.Length - used < size)
        {
            Flush();
        }

        return buffer.AsSpan(used);
    }

    private void WriteContainerHeader(int count, byte fixCode, byte code16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var span = Reserve(5);
        if (count <= 15)
        {
            span[0] = (byte)(fixCode | count);
            used += 1;
        }
        else if (count <= ushort.MaxValue)
        {
            span[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)count);
            used += 3;
        }
        else
        {
            span[0] = (byte)(code16 + 1);
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)count);
            used += 5;
        }
    }
}
