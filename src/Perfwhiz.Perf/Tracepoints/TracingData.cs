using System.Text;
using Perfwhiz.Perf.Container;

namespace Perfwhiz.Perf.Tracepoints;

/// <summary>
/// The TRACING_DATA blob (feature bit 1, or HEADER_TRACING_DATA in pipe mode): the format texts of
/// the recorded tracepoints and the byte order of their raw payloads.
/// </summary>
public sealed class TracingData
{
    private static readonly byte[] Magic = [0x17, 0x08, 0x44, .. "tracing"u8];

    private TracingData(bool bigEndian, IReadOnlyList<TraceFormat> formats)
    {
        BigEndian = bigEndian;
        Formats = formats;
    }

    /// <summary>Byte order of every raw tracepoint payload.</summary>
    public bool BigEndian { get; }

    public IReadOnlyList<TraceFormat> Formats { get; }

    public static TracingData Parse(ReadOnlySpan<byte> blob, long fileOffset)
    {
        var header = new SpanReader(blob, bigEndian: false, fileOffset, "tracing data");
        if (!header.ReadBytes(Magic.Length).SequenceEqual(Magic))
        {
            throw new PerfDataException($"tracing data at offset {fileOffset} does not start with the tracing magic");
        }

        header.ReadCString(); // version "0.5" or "0.6": the layout below is the same up to the optional cmdlines
        var bigEndian = header.ReadByte() == 1;
        header.ReadByte(); // the recording perf's sizeof(long)
        var reader = new SpanReader(blob[header.Position..], bigEndian, header.FileOffset, "tracing data");
        reader.ReadUInt32(); // page size
        SkipNamedSection(ref reader, "header_page");
        SkipNamedSection(ref reader, "header_event");

        var formats = new List<TraceFormat>();
        var ftraceCount = reader.ReadUInt32();
        for (var i = 0u; i < ftraceCount; i++)
        {
            reader.Skip(reader.ReadLength64("ftrace format length"));
        }

        var systemCount = reader.ReadUInt32();
        for (var s = 0u; s < systemCount; s++)
        {
            var system = reader.ReadCString();
            var eventCount = reader.ReadUInt32();
            for (var e = 0u; e < eventCount; e++)
            {
                var text = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadLength64("format length")));
                formats.Add(TraceFormat.Parse(system, text));
            }
        }

        // kallsyms, printk formats and saved cmdlines follow; perfwhiz needs none of them.
        return new TracingData(bigEndian, formats);
    }

    private static void SkipNamedSection(ref SpanReader reader, string expectedName)
    {
        var at = reader.FileOffset;
        var name = reader.ReadCString();
        if (!string.Equals(name, expectedName, StringComparison.Ordinal))
        {
            throw new PerfDataException($"tracing data: expected '{expectedName}' at offset {at}, found '{name}'");
        }

        reader.Skip(reader.ReadLength64(expectedName + " length"));
    }
}
