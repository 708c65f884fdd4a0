namespace Perfwhiz.Perf.Records;

/// <summary>Events the kernel dropped: PERF_RECORD_LOST (ring buffer full) or LOST_SAMPLES.</summary>
public readonly record struct LostRecord(RecordType Type, long Count, long TimeNs, int Cpu);
