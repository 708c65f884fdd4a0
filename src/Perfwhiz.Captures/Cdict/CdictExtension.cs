using System.Runtime.CompilerServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// The cdict's second stream: a map with the capture's metadata and wakeups, which readers of the
/// original format never see. Its keys are documented at the top of CdictFile.cs.
/// </summary>
internal static class CdictExtension
{
    public const int Version = 1;

    private const string FormatVersion = "format_version";
    private const string ColumnStreamBytes = "column_stream_bytes";
    private const string Host = "host";
    private const string Kernel = "kernel";
    private const string PerfVersion = "perf_version";
    private const string Arch = "arch";
    private const string CpuCount = "cpu_count";
    private const string FirstEventPerfClockNs = "first_event_perf_clock_ns";
    private const string DurationNs = "duration_ns";
    private const string KeptPerEvent = "kept_per_event";
    private const string DroppedPerEvent = "dropped_per_event";
    private const string LostEvents = "lost_events";
    private const string LostRanges = "lost_ranges";
    private const string Warnings = "warnings";
    private const string AnnotationSource = "annotation_source";
    private const string ExitReasonNames = "exit_reason_names";
    private const string Wakeups = "wakeups";
    private const string EventPrevState = "event_prev_state";

    /// <summary>Adds the extension map to <paramref name="segments"/>, its arrays cut in runs of rows.</summary>
    /// <param name="columnStreamBytes">Inflated size of the first stream, so that a reader can inflate it on another thread while decoding it; asked for when the first segment is encoded.</param>
    public static void AddTo(CdictSegments segments, Capture capture, Func<long> columnStreamBytes, TaskNames names)
    {
        // The map header counts the entries listed, so the count cannot drift from what is written.
        var entries = Entries(capture, columnStreamBytes, names, capture.EarlyColumns);
        segments.Add(writer => writer.WriteMapHeader(entries.Count));
        foreach (var (key, addValue) in entries)
        {
            segments.Add(writer => writer.WriteString(key));
            addValue(segments);
        }
    }

    /// <summary>The keys in the order they are written, each with what adds its value.</summary>
    private static List<(string Key, Action<CdictSegments> AddValue)> Entries(Capture capture, Func<long> columnStreamBytes, TaskNames names, EarlyColumns? early)
    {
        var info = capture.Info;
        static Action<CdictSegments> Small(Action<MessagePackWriter> write) => segments => segments.Add(write);
        List<(string, Action<CdictSegments>)> entries =
        [
            (FormatVersion, Small(writer => writer.WriteInt64(Version))),
            (ColumnStreamBytes, Small(writer => writer.WriteInt64(columnStreamBytes()))),
            (Host, Small(writer => WriteOptionalString(writer, info.Host))),
            (Kernel, Small(writer => WriteOptionalString(writer, info.Kernel))),
            (PerfVersion, Small(writer => WriteOptionalString(writer, info.PerfVersion))),
            (Arch, Small(writer => WriteOptionalString(writer, info.Arch))),
            (CpuCount, Small(writer => WriteOptionalInt(writer, info.CpuCount))),
            (FirstEventPerfClockNs, Small(writer => writer.WriteInt64(info.FirstEventPerfClockNs))),
            (DurationNs, Small(writer => writer.WriteInt64(info.DurationNs))),
            (KeptPerEvent, Small(writer => WriteCounts(writer, info.KeptPerEvent))),
            (DroppedPerEvent, Small(writer => WriteCounts(writer, info.DroppedPerEvent))),
            (LostEvents, Small(writer => writer.WriteInt64(info.LostEvents))),
            (LostRanges, Small(writer => WriteLostRanges(writer, info.LostRanges))),
            (Warnings, Small(writer => WriteStrings(writer, info.Warnings))),
            (AnnotationSource, Small(writer => WriteOptionalString(writer, info.AnnotationSource))),
            (ExitReasonNames, Small(writer => WriteExitReasonNames(writer, info.ExitReasonNames))),
            (Wakeups, segments => CdictWakeups.AddTo(segments, capture.Wakeups, names, early)),
        ];
        if (capture.Events.HasPrevState)
        {
            entries.Add((EventPrevState, segments => segments.AddArray(
                capture.Events.Count,
                NameFreeColumns.Event(EarlyColumn.EventPrevState, capture.Events, origin: 0),
                EarlyColumns.Of(early, EarlyColumn.EventPrevState))));
        }

        return entries;
    }

    private static void WriteOptionalInt(MessagePackWriter writer, int? value)
    {
        if (value is { } present)
        {
            writer.WriteInt64(present);
        }
        else
        {
            writer.WriteNil();
        }
    }

    private static void WriteLostRanges(MessagePackWriter writer, List<TimeRange> ranges)
    {
        writer.WriteArrayHeader(ranges.Count);
        foreach (var range in ranges)
        {
            writer.WriteArrayHeader(2);
            writer.WriteInt64(range.StartNs);
            writer.WriteInt64(range.EndNs);
        }
    }

    private static void WriteStrings(MessagePackWriter writer, List<string> values)
    {
        writer.WriteArrayHeader(values.Count);
        foreach (var value in values)
        {
            writer.WriteString(value);
        }
    }

    /// <summary>Pairs rather than a map: Python's msgpack refuses integer map keys by default.</summary>
    private static void WriteExitReasonNames(MessagePackWriter writer, SortedDictionary<uint, string> names)
    {
        writer.WriteArrayHeader(names.Count);
        foreach (var (code, name) in names)
        {
            writer.WriteArrayHeader(2);
            writer.WriteUInt64(code);
            writer.WriteString(name);
        }
    }

    /// <summary>Fills <paramref name="info"/> and returns the wakeups; unknown keys are skipped for newer minor additions.</summary>
    /// <param name="columnStreamBytesRead">Told the event stream's inflated size as soon as it is read (an early key), so that the event stream can be read meanwhile.</param>
    /// <param name="compressedBytes">The stream's size in the file, which bounds the first allocations (see <see cref="RowCapacity"/>).</param>
    /// <param name="columns">Which columns the wakeup table keeps.</param>
    public static WakeupTable Read(ref MessagePackReader reader, int compressedBytes, CaptureInfo info, TaskNames interner, CaptureColumns columns, out EventExtras eventExtras, Action<long>? columnStreamBytesRead = null)
    {
        var keepCpus = columns == CaptureColumns.All;
        var wakeups = new WakeupTable(keepCpus);
        long columnStreamBytes = 0;
        int[]? prevStates = null;
        var hasVersion = false;
        var entries = reader.ReadMapHeader("the extension (a map)");
        for (var entry = 0; entry < entries; entry++)
        {
            var key = reader.ReadString("a key of the extension map");
            switch (key)
            {
                case FormatVersion:
                    info.FormatVersion = ReadVersion(ref reader);
                    hasVersion = true;
                    break;
                case ColumnStreamBytes:
                    columnStreamBytes = reader.ReadInt64($"an integer for '{key}'");
                    columnStreamBytesRead?.Invoke(columnStreamBytes);
                    break;
                case Wakeups:
                    wakeups = CdictWakeups.Read(ref reader, compressedBytes, interner, keepCpus);
                    break;
                case EventPrevState:
                    prevStates = ReadPrevStates(ref reader, compressedBytes);
                    break;
                default:
                    ReadInfoValue(ref reader, key, info);
                    break;
            }
        }

        if (!hasVersion)
        {
            throw new CdictFormatException($"{reader.Source}: the extension map lacks '{FormatVersion}'");
        }

        eventExtras = new EventExtras(columnStreamBytes, prevStates);

        return wakeups;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] ReadPrevStates(ref MessagePackReader reader, int compressedBytes)
    {
        var rows = reader.ReadArrayHeader($"an array for '{EventPrevState}'");
        var prevStates = Array.Empty<int>();
        for (var from = 0; from < rows;)
        {
            var to = RowCapacity.Next(from, rows, compressedBytes, prevStates.Length);
            prevStates = RowCapacity.Resize(prevStates, to, reader.Source);
            ColumnRuns.ReadInt32s(ref reader, prevStates, EventPrevState, from, to);

            from = to;
        }

        return prevStates;
    }

    private static void WriteOptionalString(MessagePackWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNil();
        }
        else
        {
            writer.WriteString(value);
        }
    }

    private static void WriteCounts(MessagePackWriter writer, SortedDictionary<string, long> counts)
    {
        writer.WriteMapHeader(counts.Count);
        foreach (var (name, count) in counts)
        {
            writer.WriteString(name);
            writer.WriteInt64(count);
        }
    }

    /// <summary>Reads the value of one <see cref="CaptureInfo"/> key into it; skips keys it does not know.</summary>
    private static void ReadInfoValue(ref MessagePackReader reader, string key, CaptureInfo info)
    {
        switch (key)
        {
            case Host:
                info.Host = ReadOptionalString(ref reader, key);
                break;
            case Kernel:
                info.Kernel = ReadOptionalString(ref reader, key);
                break;
            case PerfVersion:
                info.PerfVersion = ReadOptionalString(ref reader, key);
                break;
            case Arch:
                info.Arch = ReadOptionalString(ref reader, key);
                break;
            case AnnotationSource:
                info.AnnotationSource = ReadOptionalString(ref reader, key);
                break;
            case CpuCount:
                info.CpuCount = reader.TryReadNil() ? null : reader.ReadInt32($"an integer or nil for '{key}'");
                break;
            case FirstEventPerfClockNs:
                info.FirstEventPerfClockNs = reader.ReadInt64($"an integer for '{key}'");
                break;
            case DurationNs:
                info.DurationNs = reader.ReadInt64($"an integer for '{key}'");
                break;
            case LostEvents:
                info.LostEvents = reader.ReadInt64($"an integer for '{key}'");
                break;
            case KeptPerEvent:
                ReadCounts(ref reader, info.KeptPerEvent, key);
                break;
            case DroppedPerEvent:
                ReadCounts(ref reader, info.DroppedPerEvent, key);
                break;
            case LostRanges:
                ReadLostRanges(ref reader, info.LostRanges);
                break;
            case Warnings:
                ReadWarnings(ref reader, info.Warnings);
                break;
            case ExitReasonNames:
                ReadExitReasonNames(ref reader, info.ExitReasonNames);
                break;
            default:
                reader.Skip();
                break;
        }
    }

    private static int ReadVersion(ref MessagePackReader reader)
    {
        var start = reader.Position;
        var version = reader.ReadInt32($"an integer for '{FormatVersion}'");
        if (version is < 1 or > Version)
        {
            throw reader.Invalid($"extension format version {version} is not one this perfwhiz reads (1 to {Version}); a newer perfwhiz may", start);
        }

        return version;
    }

    private static string? ReadOptionalString(ref MessagePackReader reader, string key) =>
        reader.TryReadNil() ? null : reader.ReadString($"a string or nil for '{key}'");

    private static void ReadCounts(ref MessagePackReader reader, SortedDictionary<string, long> counts, string key)
    {
        var entries = reader.ReadMapHeader($"a map for '{key}'");
        for (var entry = 0; entry < entries; entry++)
        {
            var name = reader.ReadString($"an event name in '{key}'");
            counts[name] = reader.ReadInt64($"a count in '{key}'");
        }
    }

    private static void ReadLostRanges(ref MessagePackReader reader, List<TimeRange> ranges)
    {
        var count = reader.ReadArrayHeader($"an array for '{LostRanges}'");
        for (var i = 0; i < count; i++)
        {
            ReadPairHeader(ref reader, LostRanges);
            var startNs = reader.ReadInt64($"a start time in '{LostRanges}'");
            var endNs = reader.ReadInt64($"an end time in '{LostRanges}'");
            ranges.Add(new TimeRange(startNs, endNs));
        }
    }

    private static void ReadWarnings(ref MessagePackReader reader, List<string> warnings)
    {
        var count = reader.ReadArrayHeader($"an array for '{Warnings}'");
        for (var i = 0; i < count; i++)
        {
            warnings.Add(reader.ReadString($"a string in '{Warnings}'"));
        }
    }

    private static void ReadExitReasonNames(ref MessagePackReader reader, SortedDictionary<uint, string> names)
    {
        var count = reader.ReadArrayHeader($"an array for '{ExitReasonNames}'");
        for (var i = 0; i < count; i++)
        {
            ReadPairHeader(ref reader, ExitReasonNames);
            var start = reader.Position;
            var code = reader.ReadUInt64($"an exit reason code in '{ExitReasonNames}'");
            if (code > uint.MaxValue)
            {
                throw reader.Invalid($"exit reason code {code} does not fit in 32 bits", start);
            }

            names[(uint)code] = reader.ReadString($"an exit reason name in '{ExitReasonNames}'");
        }
    }

    private static void ReadPairHeader(ref MessagePackReader reader, string key)
    {
        var start = reader.Position;
        if (reader.ReadArrayHeader($"a pair in '{key}'") != 2)
        {
            throw reader.Invalid($"an entry of '{key}' is not a pair", start);
        }
    }
}
