namespace Perfwhiz.Perf.Records;

/// <summary>perf_event_header.type values perfwhiz handles (kernel and perf-synthesized).</summary>
public enum RecordType : uint
{
    Mmap = 1,
    Lost = 2,
    Comm = 3,
    Exit = 4,
    Fork = 7,
    Sample = 9,
    LostSamples = 13,
    HeaderAttr = 64,
    HeaderEventType = 65,
    HeaderTracingData = 66,
    HeaderBuildId = 67,
    FinishedRound = 68,
    AuxtraceInfo = 70,
    Auxtrace = 71,
    EventUpdate = 78,
    HeaderFeature = 80,
    Compressed = 81,
    FinishedInit = 82,
    Compressed2 = 83,
}
