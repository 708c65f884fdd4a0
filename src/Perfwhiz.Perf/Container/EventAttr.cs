using System.Numerics;
using Perfwhiz.Perf.Tracepoints;

namespace Perfwhiz.Perf.Container;

/// <summary>One recorded event (perf_event_attr) with the sample ids that point to it.</summary>
public sealed class EventAttr
{
    public const uint TracepointType = 2;

    private const int SampleIdAllBit = 18;

    public EventAttr(uint type, ulong config, SampleType sampleType, ReadFormat readFormat, bool sampleIdAll, IReadOnlyList<ulong> ids)
    {
        Type = type;
        Config = config;
        SampleType = sampleType;
        ReadFormat = readFormat;
        SampleIdAll = sampleIdAll;
        Ids = ids;
        Layout = new Records.SampleLayout(sampleType);
    }

    public uint Type { get; }

    /// <summary>For a tracepoint, its id (the format's ID line).</summary>
    public ulong Config { get; }

    public SampleType SampleType { get; }

    public ReadFormat ReadFormat { get; }

    /// <summary>Non-sample records carry a sample_id trailer (time, cpu, id...).</summary>
    public bool SampleIdAll { get; }

    public IReadOnlyList<ulong> Ids { get; }

    /// <summary>The name perf gave the event ("sched:sched_switch", "dummy:u"), when the capture says.</summary>
    public string? Name { get; set; }

    /// <summary>The tracepoint format, for tracepoint events whose format the capture (or tracefs) holds.</summary>
    public TraceFormat? Format { get; set; }

    public bool IsTracepoint => Type == TracepointType;

    /// <summary>Position of this event in <see cref="PerfMetadata.Attrs"/>, set when the data records start.</summary>
    public int Index { get; internal set; }

    /// <summary>Where this event's sample fields sit.</summary>
    internal Records.SampleLayout Layout { get; }

    /// <summary>The kernel name of the event: its tracepoint name, else perf's name, else type/config.</summary>
    public string DisplayName => Format?.FullName ?? Name ?? $"type {Type} config {Config}";

    /// <summary>Whether samples with id <paramref name="id"/> belong to this event.</summary>
    public bool HasId(ulong id)
    {
        for (var i = 0; i < Ids.Count; i++)
        {
            if (Ids[i] == id)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses a perf_event_attr. Only the fields perfwhiz needs are read; the flag bits are read from
    /// bytes because a big-endian recorder lays bitfields out from the most significant bit.
    /// </summary>
    public static EventAttr Parse(ref SpanReader reader, int attrBytes, IReadOnlyList<ulong> ids)
    {
        var start = reader.Position;
        var attr = reader.ReadBytes(Math.Min(attrBytes, reader.Remaining));
        if (attr.Length < 48)
        {
            throw new PerfDataException($"event attribute at offset {reader.FileOffset - attr.Length} is only {attr.Length} bytes");
        }

        var fields = new SpanReader(attr, reader.BigEndian, reader.FileOffset - (reader.Position - start), "event attribute");
        var type = fields.ReadUInt32();
        fields.ReadUInt32(); // size
        var config = fields.ReadUInt64();
        fields.ReadUInt64(); // sample_period / freq
        var sampleType = (SampleType)fields.ReadUInt64();
        var readFormat = (ReadFormat)fields.ReadUInt64();
        var flags = fields.ReadBytes(8);
        return new EventAttr(type, config, sampleType, readFormat, FlagBit(flags, SampleIdAllBit, reader.BigEndian), ids);
    }

    private static bool FlagBit(ReadOnlySpan<byte> flags, int bit, bool bigEndian) =>
        bigEndian
            ? (flags[bit / 8] & (1 << (7 - (bit % 8)))) != 0
            : (flags[bit / 8] & (1 << (bit % 8))) != 0;

    /// <summary>Bytes before the id in a sample without IDENTIFIER (perf's id_pos).</summary>
    public int SampleIdPosition =>
        SampleType.HasFlag(SampleType.Identifier)
            ? 0
            : 8 * BitOperations.PopCount((ulong)(SampleType & (SampleType.Ip | SampleType.Tid | SampleType.Time | SampleType.Addr)));
}
