using System.Runtime.CompilerServices;
using Perfwhiz.Perf.Container;

namespace Perfwhiz.Perf.Records;

/// <summary>
/// Decodes one data record (header included) and hands it to the sink. Malformed records are
/// counted and skipped: one damaged record must not cost the rest of the capture.
/// </summary>
internal sealed class RecordDecoder
{
    private const int HeaderSize = 8;

    /// <summary>Linux's NR_CPUS limit (CONFIG_NR_CPUS_RANGE_END): a larger CPU number is damage.</summary>
    private const int MaxCpus = 8192;

    private static readonly SampleType[] TrailerFields =
        [SampleType.Tid, SampleType.Time, SampleType.Id, SampleType.StreamId, SampleType.Cpu, SampleType.Identifier];

    private readonly IPerfRecordSink sink;
    private readonly PerfReadSummary summary;
    private readonly SampleIdMap attrById;
    private readonly EventAttr firstAttr;
    private readonly bool bigEndian;

    /// <summary>Where a sample holds its event id, or -1 when every sample belongs to the first event.</summary>
    private readonly int sampleIdPosition;

    public RecordDecoder(PerfMetadata metadata, IPerfRecordSink sink, PerfReadSummary summary)
    {
        this.sink = sink;
        this.summary = summary;
        bigEndian = metadata.BigEndian;
        if (metadata.Attrs.Count == 0)
        {
            throw new PerfDataException("the capture declares no events (no attributes)");
        }

        firstAttr = metadata.Attrs[0];
        for (var index = 0; index < metadata.Attrs.Count; index++)
        {
            metadata.Attrs[index].Index = index;
        }

        attrById = new SampleIdMap(metadata.Attrs);
        var hasId = (firstAttr.SampleType & (SampleType.Identifier | SampleType.Id)) != SampleType.None;
        sampleIdPosition = metadata.Attrs.Count > 1 && hasId ? firstAttr.SampleIdPosition : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Decode(RecordType type, ReadOnlySpan<byte> record, long fileOffset)
    {
        var body = record[HeaderSize..];
        var decoded = type == RecordType.Sample ? DecodeSampleBody(body, fileOffset) : DecodeOther(type, body, fileOffset);
        if (!decoded)
        {
            summary.MalformedRecords++;
        }
    }

    /// <summary>Decodes a record known to be a sample, as <see cref="Decode"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DecodeSample(ReadOnlySpan<byte> record, long fileOffset)
    {
        if (!DecodeSampleBody(record[HeaderSize..], fileOffset))
        {
            summary.MalformedRecords++;
        }
    }

    // Everything but samples: rare, kept out of the per-record path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool DecodeOther(RecordType type, ReadOnlySpan<byte> body, long fileOffset) => type switch
    {
        RecordType.Comm => DecodeComm(body, fileOffset),
        RecordType.Fork or RecordType.Exit => DecodeTask(type, body, fileOffset),
        RecordType.Lost => DecodeLost(type, body, fileOffset, countOffset: 8),
        RecordType.LostSamples => DecodeLost(type, body, fileOffset, countOffset: 0),
        RecordType.FinishedRound => FinishRound(),
        _ => true,
    };

    private bool FinishRound()
    {
        sink.OnFinishedRound();
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool DecodeSampleBody(ReadOnlySpan<byte> body, long fileOffset)
    {
        var attr = AttrOfSample(body);
        var layout = attr?.Layout;
        if (layout is null || body.Length < layout.FixedSize)
        {
            return false;
        }

        var pid = layout.TidOffset < 0 ? -1 : (int)Read32(body[layout.TidOffset..]);
        var tid = layout.TidOffset < 0 ? -1 : (int)Read32(body[(layout.TidOffset + 4)..]);
        var time = layout.TimeOffset < 0 ? 0 : (long)ReadU64(body[layout.TimeOffset..]);
        var cpu = layout.CpuOffset < 0 ? -1 : (int)Read32(body[layout.CpuOffset..]);
        if (cpu is < -1 or >= MaxCpus)
        {
            return false;
        }

        if (!TryFindRaw(body, fileOffset, attr!, out var raw))
        {
            return false;
        }

        var sample = new SampleRecord(attr!, time, cpu, pid, tid, raw);
        sink.OnSample(in sample);
        return true;
    }

    /// <summary>The RAW payload: right after the fixed fields, unless READ or CALLCHAIN sit between.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryFindRaw(ReadOnlySpan<byte> body, long fileOffset, EventAttr attr, out ReadOnlySpan<byte> raw)
    {
        var layout = attr.Layout;
        return layout.HasVariableFields
            ? TryFindRawAfterVariableFields(body, fileOffset, attr, out raw)
            : TryReadRaw(body, layout.FixedSize, layout.SampleType, out raw);
    }

    // Samples with a call chain or read values (perf record -g): rare in scheduler captures.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryFindRawAfterVariableFields(ReadOnlySpan<byte> body, long fileOffset, EventAttr attr, out ReadOnlySpan<byte> raw)
    {
        var layout = attr.Layout;
        var reader = new SpanReader(body, bigEndian, fileOffset + HeaderSize, "sample");
        reader.Skip(layout.FixedSize);
        if (!SkipVariableFields(ref reader, attr))
        {
            raw = default;
            return false;
        }

        return TryReadRaw(body, reader.Position, layout.SampleType, out raw);
    }

    private static bool SkipVariableFields(ref SpanReader reader, EventAttr attr)
    {
        if (attr.SampleType.HasFlag(SampleType.Read) && !SkipReadValues(ref reader, attr.ReadFormat))
        {
            return false;
        }

        if (attr.SampleType.HasFlag(SampleType.Callchain))
        {
            if (reader.Remaining < 8)
            {
                return false;
            }

            var frames = reader.ReadUInt64();
            if (frames > (ulong)reader.Remaining / 8)
            {
                return false;
            }

            reader.Skip((int)frames * 8);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadRaw(ReadOnlySpan<byte> body, int position, SampleType sampleType, out ReadOnlySpan<byte> raw)
    {
        raw = default;
        if ((sampleType & SampleType.Raw) == SampleType.None)
        {
            return true;
        }

        if (body.Length - position < 4)
        {
            return false;
        }

        var size = Read32(body[position..]);
        position += 4;
        if (size > (uint)(body.Length - position))
        {
            return false;
        }

        raw = body.Slice(position, (int)size);
        return true;
    }

    private static bool SkipReadValues(ref SpanReader reader, ReadFormat format)
    {
        var perValue = 1 + (format.HasFlag(ReadFormat.Id) ? 1 : 0) + (format.HasFlag(ReadFormat.Lost) ? 1 : 0);
        var times = (format.HasFlag(ReadFormat.TotalTimeEnabled) ? 1 : 0) + (format.HasFlag(ReadFormat.TotalTimeRunning) ? 1 : 0);
        ulong words;
        if (format.HasFlag(ReadFormat.Group))
        {
            if (reader.Remaining < 8)
            {
                return false;
            }

            var members = reader.ReadUInt64();
            if (members > (ulong)reader.Remaining / 8)
            {
                return false;
            }

            words = (ulong)times + (members * (ulong)perValue);
        }
        else
        {
            words = (ulong)(times + perValue);
        }

        if (words > (ulong)reader.Remaining / 8)
        {
            return false;
        }

        reader.Skip((int)words * 8);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private EventAttr? AttrOfSample(ReadOnlySpan<byte> body)
    {
        if (sampleIdPosition < 0)
        {
            return firstAttr;
        }

        if (body.Length < sampleIdPosition + 8)
        {
            return null;
        }

        return AttrOfId(ReadU64(body.Slice(sampleIdPosition, 8)));
    }

    // Id 0 marks records perf synthesized itself; unknown ids fall back likewise (as perf does).
    // No one-entry cache: the events of a capture interleave, and it missed 99.6 % of the time.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private EventAttr AttrOfId(ulong id) => attrById.Find(id) ?? firstAttr;

    private uint Read32(ReadOnlySpan<byte> bytes) =>
        bigEndian ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes) : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    private ulong ReadU64(ReadOnlySpan<byte> bytes) =>
        bigEndian ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes) : System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);

    /// <summary>Size of the sample_id trailer of a non-sample record, and the time and cpu it holds.</summary>
    private bool TryReadTrailer(ReadOnlySpan<byte> body, out int trailerSize, out long time, out int cpu)
    {
        time = 0;
        cpu = -1;
        trailerSize = 0;
        if (!firstAttr.SampleIdAll)
        {
            return true;
        }

        var attr = firstAttr;
        if (firstAttr.SampleType.HasFlag(SampleType.Identifier) && body.Length >= 8)
        {
            attr = AttrOfId(ReadU64(body[^8..]));
        }

        var sampleType = attr.SampleType;
        // Trailer fields in order: [pid,tid] [time] [id] [stream_id] [cpu,res] [identifier], 8 bytes each.
        foreach (var field in TrailerFields)
        {
            if (sampleType.HasFlag(field))
            {
                trailerSize += 8;
            }
        }

        if (trailerSize > body.Length)
        {
            return false;
        }

        var reader = new SpanReader(body[^trailerSize..], bigEndian, 0, "sample id");
        if (sampleType.HasFlag(SampleType.Tid)) reader.Skip(8);
        if (sampleType.HasFlag(SampleType.Time)) time = reader.ReadInt64();
        if (sampleType.HasFlag(SampleType.Id)) reader.Skip(8);
        if (sampleType.HasFlag(SampleType.StreamId)) reader.Skip(8);
        if (sampleType.HasFlag(SampleType.Cpu)) cpu = reader.ReadInt32();
        return true;
    }

    private bool DecodeComm(ReadOnlySpan<byte> body, long fileOffset)
    {
        if (!TryReadTrailer(body, out var trailerSize, out var time, out _) || body.Length - trailerSize < 8)
        {
            return false;
        }

        var reader = new SpanReader(body, bigEndian, fileOffset + HeaderSize, "comm");
        var pid = reader.ReadInt32();
        var tid = reader.ReadInt32();
        var name = body[8..^trailerSize];
        var end = name.IndexOf((byte)0);
        sink.OnComm(new CommRecord(pid, tid, end < 0 ? name : name[..end], time));
        return true;
    }

    private bool DecodeTask(RecordType type, ReadOnlySpan<byte> body, long fileOffset)
    {
        if (body.Length < 24 || !TryReadTrailer(body, out _, out var trailerTime, out _))
        {
            return false;
        }

        var reader = new SpanReader(body, bigEndian, fileOffset + HeaderSize, "fork/exit");
        var pid = reader.ReadInt32();
        var parentPid = reader.ReadInt32();
        var tid = reader.ReadInt32();
        var parentTid = reader.ReadInt32();
        var time = reader.ReadInt64();
        sink.OnTask(new TaskRecord(type, pid, parentPid, tid, parentTid, time != 0 ? time : trailerTime));
        return true;
    }

    private bool DecodeLost(RecordType type, ReadOnlySpan<byte> body, long fileOffset, int countOffset)
    {
        if (body.Length < countOffset + 8 || !TryReadTrailer(body, out _, out var time, out var cpu))
        {
            return false;
        }

        var reader = new SpanReader(body, bigEndian, fileOffset + HeaderSize, "lost");
        reader.Skip(countOffset);
        sink.OnLost(new LostRecord(type, reader.ReadInt64(), time, cpu));
        return true;
    }
}
