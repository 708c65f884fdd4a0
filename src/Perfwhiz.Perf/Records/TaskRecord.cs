namespace Perfwhiz.Perf.Records;

/// <summary>A PERF_RECORD_FORK or PERF_RECORD_EXIT.</summary>
public readonly record struct TaskRecord(RecordType Type, int Pid, int ParentPid, int Tid, int ParentTid, long TimeNs);
