using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Perfwhiz.Perf.Records;

namespace Perfwhiz.Perf.Container;

/// <summary>
/// Cuts a byte stream into perf records through one reusable buffer. A record (at most 64 KiB,
/// its size being a u16) is always whole in the buffer when handed out.
/// </summary>
internal sealed class RecordStream
{
    public const int HeaderSize = 8;

    private readonly Stream stream;
    private readonly long endOffset;
    private readonly bool bigEndian;
    private readonly byte[] buffer = new byte[1 << 18];
    private int start;
    private int count;
    private bool streamEnded;

    /// <param name="startOffset">File offset of the stream's current position.</param>
    /// <param name="endOffset">File offset where records end (long.MaxValue: the end of the stream).</param>
    public RecordStream(Stream stream, long startOffset, long endOffset, bool bigEndian)
    {
        this.stream = stream;
        Offset = startOffset;
        this.endOffset = endOffset;
        this.bigEndian = bigEndian;
    }

    /// <summary>File offset of the next record.</summary>
    public long Offset { get; private set; }

    /// <summary>
    /// The bytes buffered from <see cref="Offset"/> up to where records end, for records to be cut
    /// in place and then passed by <see cref="Skip"/>; the last may be incomplete.
    /// </summary>
    public ReadOnlySpan<byte> Buffered => buffer.AsSpan(start, (int)Math.Clamp(endOffset - Offset, 0, count));

    /// <summary>Why the last <see cref="TryNext"/> returned false, when it was not a clean end.</summary>
    public string? Damage { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryNext(out RecordType type, out ReadOnlySpan<byte> record)
    {
        type = default;
        record = default;
        if (Offset >= endOffset)
        {
            return false;
        }

        if (count < HeaderSize && !Fill(HeaderSize))
        {
            if (count > 0)
            {
                ReportCutOffHeader();
            }

            return false;
        }

        var header = buffer.AsSpan(start, HeaderSize);
        type = TypeOf(header, bigEndian);
        var size = SizeOf(header, bigEndian);
        if (size < HeaderSize)
        {
            ReportImpossibleSize(size);
            return false;
        }

        if (Offset + size > endOffset || (count < size && !Fill(size)))
        {
            ReportCutOffRecord(size);
            return false;
        }

        record = buffer.AsSpan(start, size);
        start += size;
        count -= size;
        Offset += size;
        return true;
    }

    /// <summary>Passes <paramref name="bytes"/> of whole records cut from <see cref="Buffered"/>.</summary>
    public void Skip(int bytes)
    {
        start += bytes;
        count -= bytes;
        Offset += bytes;
    }

    /// <summary>The type in the header that starts <paramref name="record"/> (at least <see cref="HeaderSize"/> bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RecordType TypeOf(ReadOnlySpan<byte> record, bool bigEndian) =>
        (RecordType)(bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(record) : BinaryPrimitives.ReadUInt32LittleEndian(record));

    /// <summary>The size, header included, in the header that starts <paramref name="record"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort SizeOf(ReadOnlySpan<byte> record, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(record[6..]) : BinaryPrimitives.ReadUInt16LittleEndian(record[6..]);

    // The damage reports: rare, kept out of the per-record path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportCutOffHeader()
    {
        Damage = $"the last record at offset {Offset} is cut off after {count} bytes";
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportImpossibleSize(ushort size)
    {
        Damage = $"record at offset {Offset} declares an impossible size of {size} bytes";
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportCutOffRecord(ushort size)
    {
        Damage = $"the last record at offset {Offset} needs {size} bytes but the data ends first";
    }

    /// <summary>Reads a payload that follows a record outside it (HEADER_TRACING_DATA's blob).</summary>
    public byte[] ReadBlob(int length)
    {
        var blob = new byte[length];
        var copied = Math.Min(length, count);
        buffer.AsSpan(start, copied).CopyTo(blob);
        start += copied;
        count -= copied;
        var filled = copied;
        while (filled < length)
        {
            var read = stream.Read(blob, filled, length - filled);
            if (read == 0)
            {
                throw new PerfDataException($"tracing data at offset {Offset} needs {length} bytes but the file ends after {filled}");
            }

            filled += read;
        }

        Offset += length;
        return blob;
    }

    private bool Fill(int needed)
    {
        if (count >= needed)
        {
            return true;
        }

        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, count);
            start = 0;
        }

        while (count < needed && !streamEnded)
        {
            var read = stream.Read(buffer, count, buffer.Length - count);
            if (read == 0)
            {
                streamEnded = true;
            }

            count += read;
        }

        return count >= needed;
    }
}
