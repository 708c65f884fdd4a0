using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Perfwhiz.Perf.Records;

namespace Perfwhiz.Perf.Container;

/// <summary>
/// Cuts a byte stream into perf records through one reusable buffer, or a regular file through a
/// window mapped over it. A record (at most 64 KiB, its size being a u16) is always whole in the
/// buffer or window when handed out.
/// </summary>
internal sealed unsafe class RecordStream : IDisposable
{
    public const int HeaderSize = 8;

    /// <summary>
    /// Small enough that the mapped pages stay a small part of the resident memory, large enough
    /// that moving the window (a few microseconds) is rare.
    /// </summary>
    public const int DefaultWindowBytes = 2 << 20;

    private readonly Stream stream;
    private readonly MappedFileWindow? window;
    private readonly int windowBytes;
    private readonly long endOffset;
    private readonly bool bigEndian;
    private readonly byte[] buffer = [];
    private byte* mapped; // the window's bytes from where it was last moved, when the file is mapped
    private int start;
    private int count;
    private bool streamEnded;

    /// <param name="startOffset">File offset of the stream's current position.</param>
    /// <param name="endOffset">File offset where records end (long.MaxValue: the end of the stream).</param>
    /// <param name="windowBytes">How much of a mapped file is seen at a time (more than a record's 64 KiB).</param>
    public RecordStream(Stream stream, long startOffset, long endOffset, bool bigEndian, int windowBytes = DefaultWindowBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(windowBytes, ushort.MaxValue);
        this.windowBytes = windowBytes;
        this.stream = stream;
        Offset = startOffset;
        this.endOffset = endOffset;
        this.bigEndian = bigEndian;
        window = stream.CanSeek && stream.Position == startOffset ? MappedFileWindow.TryCreate(stream) : null;
        if (window is null)
        {
            buffer = new byte[1 << 18];
        }
    }

    /// <summary>File offset of the next record.</summary>
    public long Offset { get; private set; }

    /// <summary>
    /// The bytes buffered from <see cref="Offset"/> up to where records end, for records to be cut
    /// in place and then passed by <see cref="Skip"/>; the last may be incomplete.
    /// </summary>
    public ReadOnlySpan<byte> Buffered => Held[..(int)Math.Clamp(endOffset - Offset, 0, count)];

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

        var header = Held[..HeaderSize];
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

        record = Held[..size];
        start += size;
        count -= size;
        Offset += size;
        return true;
    }

    // The bytes from Offset that the buffer or window holds.
    private ReadOnlySpan<byte> Held => mapped != null ? new ReadOnlySpan<byte>(mapped + start, count) : buffer.AsSpan(start, count);

    public void Dispose() => window?.Dispose();

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
        var filled = 0;
        while (filled < length)
        {
            if (count == 0 && !Fill(1))
            {
                throw new PerfDataException($"tracing data at offset {Offset - filled} needs {length} bytes but the file ends after {filled}");
            }

            var copied = Math.Min(length - filled, count);
            Held[..copied].CopyTo(blob.AsSpan(filled));
            Skip(copied);
            filled += copied;
        }

        return blob;
    }

    private bool Fill(int needed)
    {
        if (count >= needed)
        {
            return true;
        }

        if (window is not null)
        {
            return MoveWindow(needed);
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

    // The window moves to start at Offset; false when the file ends first.
    private bool MoveWindow(int needed)
    {
        var (address, length) = window!.Map(Offset, windowBytes);
        mapped = (byte*)address;
        start = 0;
        count = length;
        return count >= needed;
    }
}
