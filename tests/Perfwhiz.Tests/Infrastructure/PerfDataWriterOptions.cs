namespace Perfwhiz.Tests.Infrastructure;

/// <summary>How <see cref="PerfDataWriter"/> lays out its file. The defaults give a little-endian perf 6.1 file.</summary>
public sealed record PerfDataWriterOptions
{
    /// <summary>Pipe mode (<c>perf record -o -</c>): 16-byte header and metadata as records.</summary>
    public bool Pipe { get; init; }

    /// <summary>Every number big-endian, attr flag bits mirrored per byte, TRACING_DATA endianness byte 1.</summary>
    public bool BigEndian { get; init; }

    /// <summary>Shared by every attr. Needs <see cref="PerfSampleType.Raw"/>, and with several events an id
    /// (<see cref="PerfSampleType.Identifier"/> or <see cref="PerfSampleType.Id"/>).</summary>
    public PerfSampleType SampleType { get; init; } = PerfSampleType.Default;

    /// <summary>CPUs 0 .. NrCpus − 1: each attr gets one id per CPU, the NRCPUS feature says this many.</summary>
    public int NrCpus { get; init; } = 4;

    /// <summary>A perf killed by SIGKILL (file mode): data.size = 0, feature bits set, no feature section written.</summary>
    public bool Killed { get; init; }

    /// <summary>Cut the finished file to this many bytes.</summary>
    public int? TruncateAt { get; init; }

    public string Hostname { get; init; } = "perfwhiz-test";

    public string OsRelease { get; init; } = "6.18.44-fc-v657";

    /// <summary>The VERSION feature: the version of the perf that "recorded" the file.</summary>
    public string PerfVersion { get; init; } = "6.1.187";

    public string Arch { get; init; } = "x86_64";

    /// <summary>The CPUID feature (<c>GenuineIntel,6,85,4</c>), written only when set; perf kvm takes VMX or SVM from it.</summary>
    public string? Cpuid { get; init; }

    /// <summary>The tracefs <c>events/header_page</c> text copied into TRACING_DATA.</summary>
    public string HeaderPage { get; init; } = FormatFixtures.HeaderPage;

    /// <summary>The tracefs <c>events/header_event</c> text copied into TRACING_DATA.</summary>
    public string HeaderEvent { get; init; } = FormatFixtures.HeaderEvent;

    /// <summary>The tracefs <c>saved_cmdlines</c> text ("pid comm" lines) copied into TRACING_DATA.</summary>
    public string SavedCmdlines { get; init; } = "";
}
