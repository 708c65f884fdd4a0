using System.Text;

namespace Perfwhiz.Tests.Infrastructure;

/// <summary>
/// Writes perf.data files (file or pipe mode, either byte order) holding tracepoint samples and the
/// COMM/FORK/EXIT/LOST/LOST_SAMPLES/FINISHED_ROUND records a reader meets, in the order they are added.
/// One attr per tracepoint (config = the format's ID), one id per attr and CPU: <see cref="IdOf"/>.
/// Non-sample records carry a sample_id trailer and belong to the first event, as with perf before 6.x.
/// Layouts: the project's perf.data brief (perf-data-format.md) and the kernel's tools/perf/util/header.c.
/// </summary>
public sealed class PerfDataWriter
{
    /// <summary>perf_event_attr as perf 6.1 writes it (PERF_ATTR_SIZE_VER7).</summary>
    private const int AttrSize = 128;
    private const ulong Magic = 0x32454C4946524550; // "PERFILE2" read as a little-endian u64
    private const int FileHeaderSize = 104;
    private const int PipeHeaderSize = 16;
    private const ulong KernelIp = 0xffffffff81000000;

    private const uint RecordLost = 2;
    private const uint RecordComm = 3;
    private const uint RecordExit = 4;
    private const uint RecordFork = 7;
    private const uint RecordSample = 9;
    private const uint RecordLostSamples = 13;
    private const uint RecordHeaderAttr = 64;
    private const uint RecordHeaderTracingData = 66;
    private const uint RecordFinishedRound = 68;
    private const uint RecordHeaderFeature = 80;
    private const uint RecordCompressed = 81;
    private const ushort MiscKernel = 0x1;
    private const ushort MiscCommExec = 0x2000;

    private const int FeatureTracingData = 1;
    private const int FeatureHostname = 3;
    private const int FeatureOsRelease = 4;
    private const int FeatureVersion = 5;
    private const int FeatureArch = 6;
    private const int FeatureNrCpus = 7;
    private const int FeatureCpuid = 9;
    private const int FeatureEventDesc = 12;
    private const int HeaderLastFeature = 32; // perf 6.1's end marker in pipe mode

    // A COMPRESSED record's payload: what fits after its header, the record's size being a u16.
    private const int MaxCompressedPayload = ushort.MaxValue - 8;

    private const int FlagComm = 9;
    private const int FlagTask = 13;
    private const int FlagSampleIdAll = 18;
    private const int FlagCommExec = 24;

    private static readonly PerfSampleType Supported = PerfSampleType.Default | PerfSampleType.Id | PerfSampleType.StreamId;

    private readonly IReadOnlyList<TracepointFormat> _events;
    private readonly PerfDataWriterOptions _options;
    private readonly EndianBuffer _records;

    public PerfDataWriter(IReadOnlyList<TracepointFormat> events, PerfDataWriterOptions? options = null)
    {
        _events = events;
        _options = options ?? new PerfDataWriterOptions();
        _records = new EndianBuffer(_options.BigEndian);
        Validate(events, _options);
    }

    /// <summary>The sample id of <paramref name="eventName"/> (<c>system:name</c>) on <paramref name="cpu"/>: 1000 × (attr index + 1) + cpu.</summary>
    public ulong IdOf(string eventName, int cpu = 0)
    {
        CheckCpu(cpu);
        return (ulong)(((IndexOf(eventName) + 1) * 1000) + cpu);
    }

    /// <summary>A tracepoint sample. <c>common_pid</c> defaults to <paramref name="tid"/>; see <see cref="TracepointPayload.Build"/> for the values.</summary>
    public PerfDataWriter Sample(string eventName, ulong timeNs, int cpu, int pid, int tid, params (string Field, object Value)[] fields)
    {
        var format = _events[IndexOf(eventName)];
        var id = IdOf(eventName, cpu);
        var payload = TracepointPayload.Build(format, _options.BigEndian, [("common_pid", tid), .. fields]);
        Record(_records, RecordSample, MiscKernel, body =>
        {
            WriteIf(PerfSampleType.Identifier, () => body.U64(id));
            WriteIf(PerfSampleType.Ip, () => body.U64(KernelIp));
            WriteIf(PerfSampleType.Tid, () => PidTid(body, pid, tid));
            WriteIf(PerfSampleType.Time, () => body.U64(timeNs));
            WriteIf(PerfSampleType.Id, () => body.U64(id));
            WriteIf(PerfSampleType.StreamId, () => body.U64(id));
            WriteIf(PerfSampleType.Cpu, () => CpuRes(body, cpu));
            WriteIf(PerfSampleType.Period, () => body.U64(1));
            var rawSize = Align(payload.Length + 4, 8) - 4; // as the kernel pads it: 4 + size is 8-aligned
            body.U32((uint)rawSize);
            body.Bytes(payload);
            body.Zeros(rawSize - payload.Length);
        });
        return this;
    }

    /// <summary>A COMM record: <paramref name="exec"/> sets misc COMM_EXEC (rename by exec, not prctl).</summary>
    public PerfDataWriter Comm(int pid, int tid, string name, ulong timeNs, bool exec = false, int cpu = 0)
    {
        Record(_records, RecordComm, exec ? MiscCommExec : (ushort)0, body =>
        {
            PidTid(body, pid, tid);
            body.CString(name);
            body.PadTo(8);
            SampleId(body, pid, tid, timeNs, FirstEventId(cpu), cpu);
        });
        return this;
    }

    public PerfDataWriter Fork(int pid, int ppid, int tid, int ptid, ulong timeNs, int cpu = 0) =>
        TaskRecord(RecordFork, pid, ppid, tid, ptid, timeNs, cpu);

    public PerfDataWriter Exit(int pid, int ppid, int tid, int ptid, ulong timeNs, int cpu = 0) =>
        TaskRecord(RecordExit, pid, ppid, tid, ptid, timeNs, cpu);

    /// <summary>A LOST record: <paramref name="count"/> records of the event with sample id <paramref name="id"/> were dropped.</summary>
    public PerfDataWriter Lost(ulong id, ulong count, ulong timeNs = 0, int cpu = 0)
    {
        CheckCpu(cpu);
        Record(_records, RecordLost, 0, body =>
        {
            body.U64(id);
            body.U64(count);
            SampleId(body, 0, 0, timeNs, id, cpu);
        });
        return this;
    }

    public PerfDataWriter LostSamples(ulong count, ulong timeNs = 0, int cpu = 0)
    {
        Record(_records, RecordLostSamples, 0, body =>
        {
            body.U64(count);
            SampleId(body, 0, 0, timeNs, FirstEventId(cpu), cpu);
        });
        return this;
    }

    public PerfDataWriter FinishedRound()
    {
        Record(_records, RecordFinishedRound, 0, _ => { });
        return this;
    }

    /// <summary>
    /// The records <paramref name="write"/> adds, zstd-compressed into COMPRESSED records as
    /// <c>perf record -z</c> writes them: one zstd frame, written <paramref name="frames"/> times over
    /// (a small file that holds many records).
    /// </summary>
    public PerfDataWriter Compressed(Action<PerfDataWriter> write, int frames = 1)
    {
        var inner = new PerfDataWriter(_events, _options);
        write(inner);
        using var compressor = new ZstdSharp.Compressor();
        var frame = compressor.Wrap(inner._records.ToArray()).ToArray();
        for (var copy = 0; copy < frames; copy++)
        {
            for (var offset = 0; offset < frame.Length; offset += MaxCompressedPayload)
            {
                var chunk = frame[offset..Math.Min(frame.Length, offset + MaxCompressedPayload)];
                Record(_records, RecordCompressed, 0, body => body.Bytes(chunk));
            }
        }

        return this;
    }

    /// <summary>The whole file, cut at <see cref="PerfDataWriterOptions.TruncateAt"/> if set.</summary>
    public byte[] ToArray()
    {
        var bytes = _options.Pipe ? PipeFile() : PerfFile();
        if (_options.TruncateAt is not { } length)
        {
            return bytes;
        }

        return length <= bytes.Length
            ? bytes[..length]
            : throw new InvalidOperationException($"Cannot truncate a {bytes.Length}-byte file at {length}.");
    }

    public void Save(string path) => File.WriteAllBytes(path, ToArray());

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static void Record(EndianBuffer target, uint type, ushort misc, Action<EndianBuffer> writeBody)
    {
        var body = new EndianBuffer(target.BigEndian);
        writeBody(body);
        target.U32(type);
        target.U16(misc);
        target.U16(checked((ushort)(8 + body.Length)));
        target.Bytes(body.ToArray());
    }

    private static void PidTid(EndianBuffer body, int pid, int tid)
    {
        body.U32(unchecked((uint)pid));
        body.U32(unchecked((uint)tid));
    }

    private static void CpuRes(EndianBuffer body, int cpu)
    {
        body.U32((uint)cpu);
        body.U32(0);
    }

    /// <summary>A feature string: u32 length, then the text with its NUL, zero-padded to a multiple of 64.</summary>
    private static void PerfString(EndianBuffer target, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var length = Align(bytes.Length + 1, 64);
        target.U32((uint)length);
        target.Bytes(bytes);
        target.Zeros(length - bytes.Length);
    }

    /// <summary>Flag bit n: byte n/8, bit n%8; big-endian bitfields start at the top bit (bit 7 − n%8).</summary>
    private static void AttrFlags(EndianBuffer target, ulong flags)
    {
        for (var i = 0; i < 8; i++)
        {
            var value = (byte)(flags >> (8 * i));
            target.U8(target.BigEndian ? ReverseBits(value) : value);
        }
    }

    private static byte ReverseBits(byte value)
    {
        var reversed = 0;
        for (var bit = 0; bit < 8; bit++)
        {
            if ((value & (1 << bit)) != 0)
            {
                reversed |= 0x80 >> bit;
            }
        }

        return (byte)reversed;
    }

    private static void Validate(IReadOnlyList<TracepointFormat> events, PerfDataWriterOptions options)
    {
        var sampleType = options.SampleType;
        if (events.Count == 0)
        {
            throw new ArgumentException("At least one tracepoint is needed.", nameof(events));
        }

        if (events.Select(e => e.FullName).Distinct(StringComparer.Ordinal).Count() != events.Count
            || events.Select(e => e.Id).Distinct().Count() != events.Count)
        {
            throw new ArgumentException("Tracepoint names and IDs must be unique.", nameof(events));
        }

        if ((sampleType & ~Supported) != PerfSampleType.None || !sampleType.HasFlag(PerfSampleType.Raw)
            || (events.Count > 1 && (sampleType & (PerfSampleType.Identifier | PerfSampleType.Id)) == PerfSampleType.None))
        {
            throw new ArgumentException($"Unsupported sample_type {sampleType}: RAW is needed, and an id with several events.", nameof(options));
        }

        if (options.NrCpus is < 1 or > 999 || (options.Killed && options.Pipe))
        {
            throw new ArgumentException("NrCpus must be 1..999, and a killed perf is a file-mode condition.", nameof(options));
        }
    }

    private int IndexOf(string eventName)
    {
        for (var i = 0; i < _events.Count; i++)
        {
            if (string.Equals(_events[i].FullName, eventName, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"'{eventName}' is not one of this file's events.", nameof(eventName));
    }

    private void CheckCpu(int cpu)
    {
        if (cpu < 0 || cpu >= _options.NrCpus)
        {
            throw new ArgumentOutOfRangeException(nameof(cpu), cpu, $"CPUs are 0..{_options.NrCpus - 1}.");
        }
    }

    private ulong FirstEventId(int cpu) => IdOf(_events[0].FullName, cpu);

    private void WriteIf(PerfSampleType bit, Action write)
    {
        if (_options.SampleType.HasFlag(bit))
        {
            write();
        }
    }

    /// <summary>The sample_id_all trailer: [pid,tid] [time] [id] [stream_id] [cpu,res] [identifier].</summary>
    private void SampleId(EndianBuffer body, int pid, int tid, ulong timeNs, ulong id, int cpu)
    {
        WriteIf(PerfSampleType.Tid, () => PidTid(body, pid, tid));
        WriteIf(PerfSampleType.Time, () => body.U64(timeNs));
        WriteIf(PerfSampleType.Id, () => body.U64(id));
        WriteIf(PerfSampleType.StreamId, () => body.U64(id));
        WriteIf(PerfSampleType.Cpu, () => CpuRes(body, cpu));
        WriteIf(PerfSampleType.Identifier, () => body.U64(id));
    }

    private PerfDataWriter TaskRecord(uint type, int pid, int ppid, int tid, int ptid, ulong timeNs, int cpu)
    {
        Record(_records, type, 0, body =>
        {
            PidTid(body, pid, ppid);
            PidTid(body, tid, ptid);
            body.U64(timeNs);
            SampleId(body, pid, tid, timeNs, FirstEventId(cpu), cpu);
        });
        return this;
    }

    /// <summary>perf_event_attr: type 2 (tracepoint), config = format ID, sample_period 1; the first attr also tracks comm/task.</summary>
    private void Attr(EndianBuffer target, int index)
    {
        var flags = 1UL << FlagSampleIdAll;
        if (index == 0)
        {
            flags |= (1UL << FlagComm) | (1UL << FlagTask) | (1UL << FlagCommExec);
        }

        target.U32(2);
        target.U32(AttrSize);
        target.U64((ulong)_events[index].Id);
        target.U64(1);
        target.U64((ulong)_options.SampleType);
        target.U64(0); // read_format
        AttrFlags(target, flags);
        target.Zeros(AttrSize - 48);
    }

    private void Ids(EndianBuffer target, int index)
    {
        for (var cpu = 0; cpu < _options.NrCpus; cpu++)
        {
            target.U64(IdOf(_events[index].FullName, cpu));
        }
    }

    /// <summary>The feature sections in bit order, as (bit, payload).</summary>
    private List<(int Bit, byte[] Payload)> Features()
    {
        var bigEndian = _options.BigEndian;
        var nrCpus = new EndianBuffer(bigEndian);
        nrCpus.U32((uint)_options.NrCpus); // max present
        nrCpus.U32((uint)_options.NrCpus); // online
        return
        [
            (FeatureTracingData, TracingDataBlob.Build(_events, bigEndian, _options.HeaderPage, _options.HeaderEvent, _options.SavedCmdlines)),
            (FeatureHostname, StringFeature(_options.Hostname)),
            (FeatureOsRelease, StringFeature(_options.OsRelease)),
            (FeatureVersion, StringFeature(_options.PerfVersion)),
            (FeatureArch, StringFeature(_options.Arch)),
            (FeatureNrCpus, nrCpus.ToArray()),
            .. _options.Cpuid is { } cpuid ? [(FeatureCpuid, StringFeature(cpuid))] : Array.Empty<(int, byte[])>(),
            (FeatureEventDesc, EventDesc()),
        ];
    }

    private byte[] StringFeature(string text)
    {
        var section = new EndianBuffer(_options.BigEndian);
        PerfString(section, text);
        return section.ToArray();
    }

    /// <summary>EVENT_DESC: u32 nr, u32 attr size; per event: attr, u32 nr_ids, name string, u64 ids.</summary>
    private byte[] EventDesc()
    {
        var section = new EndianBuffer(_options.BigEndian);
        section.U32((uint)_events.Count);
        section.U32(AttrSize);
        for (var i = 0; i < _events.Count; i++)
        {
            Attr(section, i);
            section.U32((uint)_options.NrCpus);
            PerfString(section, _events[i].FullName);
            Ids(section, i);
        }

        return section.ToArray();
    }

    /// <summary>File mode: header, id arrays, attrs, data, feature index, feature sections.</summary>
    private byte[] PerfFile()
    {
        var file = new EndianBuffer(_options.BigEndian);
        var features = Features();
        var data = _records.ToArray();
        var idsSize = _options.NrCpus * 8;
        var attrsOffset = FileHeaderSize + (_events.Count * idsSize);
        const int attrStride = AttrSize + 16;
        var dataOffset = attrsOffset + (_events.Count * attrStride);

        file.U64(Magic);
        file.U64(FileHeaderSize);
        file.U64(attrStride);
        file.U64((ulong)attrsOffset);
        file.U64((ulong)(_events.Count * attrStride));
        file.U64((ulong)dataOffset);
        file.U64(_options.Killed ? 0 : (ulong)data.Length);
        file.Zeros(16); // event_types
        file.U64(features.Aggregate(0UL, (bits, feature) => bits | (1UL << feature.Bit)));
        file.Zeros(24); // feature bits 64..255
        for (var i = 0; i < _events.Count; i++)
        {
            Ids(file, i);
        }

        for (var i = 0; i < _events.Count; i++)
        {
            Attr(file, i);
            file.U64((ulong)(FileHeaderSize + (i * idsSize)));
            file.U64((ulong)idsSize);
        }

        file.Bytes(data);
        if (!_options.Killed)
        {
            var offset = file.Length + (features.Count * 16);
            foreach (var (_, payload) in features)
            {
                file.U64((ulong)offset);
                file.U64((ulong)payload.Length);
                offset += payload.Length;
            }

            foreach (var (_, payload) in features)
            {
                file.Bytes(payload);
            }
        }

        return file.ToArray();
    }

    /// <summary>Pipe mode: header, HEADER_ATTR records, HEADER_FEATURE records and their end marker,
    /// HEADER_TRACING_DATA with the blob after it, then the data records.</summary>
    private byte[] PipeFile()
    {
        var pipe = new EndianBuffer(_options.BigEndian);
        pipe.U64(Magic);
        pipe.U64(PipeHeaderSize);
        for (var i = 0; i < _events.Count; i++)
        {
            var index = i;
            Record(pipe, RecordHeaderAttr, 0, body =>
            {
                Attr(body, index);
                Ids(body, index);
            });
        }

        var features = Features();
        foreach (var (bit, payload) in features.Where(feature => feature.Bit != FeatureTracingData))
        {
            Record(pipe, RecordHeaderFeature, 0, body =>
            {
                body.U64((ulong)bit);
                body.Bytes(payload);
            });
        }

        Record(pipe, RecordHeaderFeature, 0, body => body.U64(HeaderLastFeature));
        var blob = features.Single(feature => feature.Bit == FeatureTracingData).Payload;
        var alignedSize = Align(blob.Length, 8);
        Record(pipe, RecordHeaderTracingData, 0, body =>
        {
            body.U32((uint)alignedSize);
            body.U32(0);
        });
        pipe.Bytes(blob);
        pipe.Zeros(alignedSize - blob.Length);
        pipe.Bytes(_records.ToArray());
        return pipe.ToArray();
    }
}
