using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using Perfwhiz.Perf.Compression;
using Perfwhiz.Perf.Container;
using Perfwhiz.Perf.Records;
using Perfwhiz.Perf.Tracepoints;

namespace Perfwhiz.Perf;

/// <summary>
/// Reads a perf.data capture, file mode or pipe mode, either byte order, and hands its records to a
/// sink in file order. Damage at the tail (a truncated file, a perf that was killed) ends reading
/// with a warning; damage in the metadata is a <see cref="PerfDataException"/>.
/// </summary>
public sealed partial class PerfDataReader
{
    private const ulong Magic = 0x32454C4946524550; // "PERFILE2" read little-endian
    private const ulong SwappedMagic = 0x50455246494C4532;
    private const int PipeHeaderSize = 16;
    private const int ProgressStep = 8 << 20;

    private readonly Stream stream;
    private readonly string displayName;
    private readonly IPerfRecordSink sink;
    private readonly Action<long, long>? progress;
    private readonly CancellationToken cancellation;
    private readonly int mappedWindowBytes;
    private readonly PerfReadSummary summary = new();
    private readonly PerfMetadata metadata = new();
    private RecordDecoder? decoder;
    private ZstdStreamDecoder? zstd;
    private RecordAssembler? decompressed;
    private long nextProgress = ProgressStep;
    private long totalBytes;

    private PerfDataReader(Stream stream, string displayName, IPerfRecordSink sink, int mappedWindowBytes, Action<long, long>? progress, CancellationToken cancellation)
    {
        this.mappedWindowBytes = mappedWindowBytes;
        this.stream = stream;
        this.displayName = displayName;
        this.sink = sink;
        this.progress = progress;
        this.cancellation = cancellation;
    }

    /// <summary>Reads the capture at <paramref name="path"/>; <paramref name="progress"/> gets (bytes read, total bytes).</summary>
    public static PerfReadSummary Read(string path, IPerfRecordSink sink, Action<long, long>? progress = null, CancellationToken cancellation = default) =>
        Read(path, sink, RecordStream.DefaultWindowBytes, progress, cancellation);

    /// <summary>As <see cref="Read(string, IPerfRecordSink, Action{long, long}?, CancellationToken)"/>, the file mapped <paramref name="mappedWindowBytes"/> at a time (tests move the window often).</summary>
    internal static PerfReadSummary Read(string path, IPerfRecordSink sink, int mappedWindowBytes, Action<long, long>? progress = null, CancellationToken cancellation = default)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PerfwhizException($"cannot read {path}: {e.Message}", e);
        }

        using (file)
        {
            return Read(file, path, sink, mappedWindowBytes, progress, cancellation);
        }
    }

    /// <summary>Reads a capture from a stream; file mode needs a seekable stream, pipe mode does not. A file's stream is mapped rather than read.</summary>
    public static PerfReadSummary Read(Stream stream, string displayName, IPerfRecordSink sink, Action<long, long>? progress = null, CancellationToken cancellation = default) =>
        Read(stream, displayName, sink, RecordStream.DefaultWindowBytes, progress, cancellation);

    private static PerfReadSummary Read(Stream stream, string displayName, IPerfRecordSink sink, int mappedWindowBytes, Action<long, long>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new PerfDataReader(stream, displayName, sink, mappedWindowBytes, progress, cancellation);
        try
        {
            reader.ReadAll();
        }
        catch (IOException e)
        {
            throw new PerfwhizException($"cannot read {displayName}: {e.Message}", e);
        }
        finally
        {
            reader.zstd?.Dispose();
        }

        return reader.summary;
    }

    private void ReadAll()
    {
        var start = new byte[PipeHeaderSize];
        if (stream.ReadAtLeast(start, PipeHeaderSize, throwOnEndOfStream: false) < PipeHeaderSize)
        {
            throw new PerfDataException($"{displayName} is not a perf.data file: it is shorter than a perf header");
        }

        var magic = BinaryPrimitives.ReadUInt64LittleEndian(start);
        if (magic != Magic && magic != SwappedMagic)
        {
            var legacy = start.AsSpan(0, 8).SequenceEqual("PERFFILE"u8);
            throw new PerfDataException(legacy
                ? $"{displayName} is a perf.data file of the legacy PERFFILE format (perf before 2.6.37), which perfwhiz does not read"
                : $"{displayName} is not a perf.data file (no PERFILE2 magic)");
        }

        metadata.BigEndian = magic == SwappedMagic;
        metadata.PayloadBigEndian = metadata.BigEndian;
        var headerSize = Read64(start.AsSpan(8));
        if (headerSize == PipeHeaderSize)
        {
            totalBytes = stream.CanSeek ? stream.Length : 0;
            using var records = new RecordStream(stream, PipeHeaderSize, long.MaxValue, metadata.BigEndian, mappedWindowBytes);
            ReadRecords(records);
        }
        else
        {
            ReadFileMode(start, headerSize);
        }
    }

    private void ReadFileMode(byte[] start, ulong headerSize)
    {
        if (!stream.CanSeek)
        {
            throw new PerfDataException($"{displayName} is a file-mode capture and must be read from a file, not a pipe");
        }

        if (headerSize is not (72 or 104))
        {
            throw new PerfDataException($"{displayName}: unexpected header size {headerSize} (expected 104)");
        }

        totalBytes = stream.Length;
        var header = new byte[headerSize];
        start.CopyTo(header, 0);
        ReadExactly(PipeHeaderSize, header.AsSpan(PipeHeaderSize), "file header");
        var reader = new SpanReader(header, metadata.BigEndian, 0, "file header");
        reader.Skip(16);
        var attrStride = reader.ReadInt64();
        var attrs = ReadSection(ref reader);
        var data = ReadSection(ref reader);
        ReadSection(ref reader); // event_types: obsolete
        var featureBits = new ulong[4];
        for (var i = 0; i < featureBits.Length && reader.Remaining >= 8; i++)
        {
            featureBits[i] = reader.ReadUInt64();
        }

        ReadAttrs(attrs, attrStride);
        if (data.Offset < 0 || data.Offset > totalBytes || data.Size < 0)
        {
            throw new PerfDataException($"{displayName}: the data section (offset {U64(data.Offset)}, size {U64(data.Size)}) lies outside the file");
        }

        var dataEnd = data.Size > 0 && data.Size <= long.MaxValue - data.Offset ? data.Offset + data.Size : totalBytes;
        if (data.Size == 0)
        {
            metadata.Warnings.Add("the header's data size is 0: perf did not finish this file (killed?); reading records up to the end of the file");
        }
        else if (dataEnd > totalBytes)
        {
            metadata.Warnings.Add($"the file is truncated: the data section should end at byte {dataEnd} but the file has {totalBytes}; reading as far as it goes");
        }
        else
        {
            ReadFeatures(featureBits, dataEnd);
        }

        stream.Position = data.Offset;
        using var records = new RecordStream(stream, data.Offset, dataEnd, metadata.BigEndian, mappedWindowBytes);
        ReadRecords(records);
    }

    private void ReadAttrs((long Offset, long Size) attrs, long stride)
    {
        if (!IsWithinFile(attrs.Offset, attrs.Size))
        {
            throw new PerfDataException($"{displayName}: the attribute section (offset {U64(attrs.Offset)}, size {U64(attrs.Size)}) lies outside the file of {totalBytes} bytes: the file is cut short or damaged");
        }

        if (stride < 64 + 16 || stride > 4096 || attrs.Size % stride != 0)
        {
            throw new PerfDataException($"{displayName}: the attribute section (offset {U64(attrs.Offset)}, size {U64(attrs.Size)}, stride {stride}) is damaged");
        }

        var bytes = new byte[attrs.Size];
        ReadExactly(attrs.Offset, bytes, "attribute section");
        for (long entry = 0; entry < attrs.Size; entry += stride)
        {
            var reader = new SpanReader(bytes.AsSpan((int)entry, (int)stride), metadata.BigEndian, attrs.Offset + entry, "attribute");
            var idsReader = reader;
            idsReader.Skip((int)stride - 16);
            var ids = ReadIds(ReadSection(ref idsReader));
            metadata.Attrs.Add(EventAttr.Parse(ref reader, (int)stride - 16, ids));
        }
    }

    private ulong[] ReadIds((long Offset, long Size) section)
    {
        if (section.Size % 8 != 0 || !IsWithinFile(section.Offset, section.Size))
        {
            throw new PerfDataException($"{displayName}: an event's id list (offset {U64(section.Offset)}, size {U64(section.Size)}) lies outside the file");
        }

        var bytes = new byte[section.Size];
        ReadExactly(section.Offset, bytes, "event ids");
        var ids = new ulong[section.Size / 8];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Read64(bytes.AsSpan(i * 8));
        }

        return ids;
    }

    // The feature index follows the data section: one {offset, size} per set bit, in bit order.
    private void ReadFeatures(ulong[] featureBits, long indexOffset)
    {
        var bitCount = 0;
        foreach (var word in featureBits)
        {
            bitCount += BitOperations.PopCount(word);
        }

        var index = new byte[bitCount * 16];
        if (indexOffset + index.Length > totalBytes)
        {
            metadata.Warnings.Add("the feature sections are missing (perf did not finish the file): no host, kernel or perf version");
            return;
        }

        ReadExactly(indexOffset, index, "feature index");
        var reader = new SpanReader(index, metadata.BigEndian, indexOffset, "feature index");
        for (var bit = 0; bit < 256; bit++)
        {
            if ((featureBits[bit / 64] & (1UL << (bit % 64))) == 0)
            {
                continue;
            }

            var (offset, size) = ReadSection(ref reader);
            if (!FeatureParser.Reads(bit))
            {
                continue;
            }

            if (!IsWithinFile(offset, size))
            {
                metadata.Warnings.Add($"feature section {(FeatureBit)bit} lies outside the file and was ignored");
                continue;
            }

            var section = new byte[size];
            ReadExactly(offset, section, "feature section"); // within the file: checked above
            FeatureParser.Apply(metadata, bit, section, offset);
        }
    }

    private void ReportProgress(long offset)
    {
        cancellation.ThrowIfCancellationRequested();
        progress?.Invoke(offset, totalBytes);
        nextProgress = offset + ProgressStep;
    }

    private RecordDecoder Decoder()
    {
        if (decoder is null)
        {
            ResolveFormats();
            decoder = new RecordDecoder(metadata, sink, summary);
            sink.OnMetadata(metadata);
        }

        return decoder;
    }

    private void Decompress(RecordType type, ReadOnlySpan<byte> record, long offset)
    {
        zstd ??= new ZstdStreamDecoder();
        decompressed ??= new RecordAssembler(metadata.BigEndian);
        // COMPRESSED2 adds the payload's size (records are padded to 8 bytes after it).
        var payload = record[RecordStream.HeaderSize..];
        if (type == RecordType.Compressed2)
        {
            var reader = new SpanReader(payload, metadata.BigEndian, offset + RecordStream.HeaderSize, "compressed record");
            var size = reader.ReadUInt64();
            if (size > (ulong)reader.Remaining)
            {
                summary.MalformedRecords++;
                return;
            }

            payload = payload.Slice(8, (int)size);
        }

        zstd.Decompress(payload, offset, bytes => decompressed.Append(bytes, DecodeDecompressed));
    }

    private void DecodeDecompressed(RecordType type, ReadOnlySpan<byte> record)
    {
        Decoder().Decode(type, record, fileOffset: -1);
    }

    private void ResolveFormats()
    {
        var tracepoints = metadata.Attrs.Where(attr => attr.IsTracepoint).ToList();
        if (tracepoints.Count > 0 && metadata.Formats.Count == 0)
        {
            var local = LocalTracefs.FormatsWithIds(tracepoints.Select(attr => (int)attr.Config));
            if (local.Count == 0)
            {
                throw new PerfDataException(
                    $"{displayName} holds tracepoint samples but no tracepoint formats (perf did not finish the file), and this machine's tracefs does not know its event ids; it can only be read on the machine and boot that recorded it");
            }

            metadata.Formats.AddRange(local);
            metadata.Warnings.Add("the capture has no tracepoint formats (perf did not finish the file): using this machine's tracefs, which is right only on the machine and boot that recorded it");
        }

        var formatsById = new Dictionary<int, TraceFormat>();
        foreach (var format in metadata.Formats)
        {
            formatsById.TryAdd(format.Id, format);
        }

        foreach (var attr in tracepoints)
        {
            attr.Format = formatsById.TryGetValue((int)attr.Config, out var format) ? format : null;
        }
    }

    private static (long Offset, long Size) ReadSection(ref SpanReader reader) => (reader.ReadInt64(), reader.ReadInt64());

    // Header offsets and sizes are u64: a hostile one is shown as the file holds it, not negative.
    private static string U64(long value) => ((ulong)value).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void ReadExactly(long offset, Span<byte> destination, string what)
    {
        if (!IsWithinFile(offset, destination.Length))
        {
            throw new PerfDataException($"{displayName}: the {what} (offset {offset}, {destination.Length} bytes) lies outside the file");
        }

        stream.Position = offset;
        stream.ReadExactly(destination);
    }

    /// <summary>Whether [offset, offset + size) lies in the file, without overflowing on hostile values.</summary>
    private bool IsWithinFile(long offset, long size) =>
        offset >= 0 && size >= 0 && offset <= totalBytes && size <= totalBytes - offset && size <= int.MaxValue;

    private ulong Read64(ReadOnlySpan<byte> bytes) =>
        metadata.BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
}
