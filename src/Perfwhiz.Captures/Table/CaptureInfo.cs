namespace Perfwhiz.Captures.Table;

/// <summary>
/// What is known about a capture besides its rows: where and how it was recorded and how healthy
/// it is. Travels in the cdict's extension stream; every member is optional for old cdicts.
/// </summary>
public sealed class CaptureInfo
{
    /// <summary>Version of the perfwhiz cdict extension; 0 for a cdict written by the original perfwhiz.</summary>
    public int FormatVersion { get; set; }

    public string? Host { get; set; }

    public string? Kernel { get; set; }

    public string? PerfVersion { get; set; }

    public string? Arch { get; set; }

    public int? CpuCount { get; set; }

    /// <summary>perf clock (ns since boot) of the first event; the table's times are relative to it.</summary>
    public long FirstEventPerfClockNs { get; set; }

    public long DurationNs { get; set; }

    /// <summary>Rows kept per tracepoint (kernel name, e.g. "sched:sched_switch").</summary>
    public SortedDictionary<string, long> KeptPerEvent { get; } = new(StringComparer.Ordinal);

    /// <summary>Samples read but not kept per tracepoint, with the reason folded into the key where useful.</summary>
    public SortedDictionary<string, long> DroppedPerEvent { get; } = new(StringComparer.Ordinal);

    /// <summary>Events the kernel could not deliver (PERF_RECORD_LOST / LOST_SAMPLES).</summary>
    public long LostEvents { get; set; }

    /// <summary>Time ranges (ns since the first event) around which events were lost.</summary>
    public List<TimeRange> LostRanges { get; } = [];

    /// <summary>Tracepoints the analyses use that the capture does not hold, with what that means.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Where the task annotations came from (CSV map, qemu, OpenStack...), empty when none.</summary>
    public string? AnnotationSource { get; set; }

    /// <summary>kvm_exit reason names from the capture's own format (print fmt), for the ISA its exits used.</summary>
    public SortedDictionary<uint, string> ExitReasonNames { get; } = [];
}
