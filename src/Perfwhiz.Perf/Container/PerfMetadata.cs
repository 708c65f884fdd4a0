using Perfwhiz.Perf.Tracepoints;

namespace Perfwhiz.Perf.Container;

/// <summary>What a capture says about itself before its records: events, formats, host, perf.</summary>
public sealed class PerfMetadata
{
    public bool BigEndian { get; set; }

    public List<EventAttr> Attrs { get; } = [];

    /// <summary>Byte order of raw tracepoint payloads (from the tracing data; the file's otherwise).</summary>
    public bool PayloadBigEndian { get; set; }

    public List<TraceFormat> Formats { get; } = [];

    public string? Hostname { get; set; }

    public string? OsRelease { get; set; }

    public string? PerfVersion { get; set; }

    public string? Arch { get; set; }

    public int? CpusOnline { get; set; }

    public int? CpusAvailable { get; set; }

    /// <summary>What is missing or doubtful, each a sentence for the user.</summary>
    public List<string> Warnings { get; } = [];
}
