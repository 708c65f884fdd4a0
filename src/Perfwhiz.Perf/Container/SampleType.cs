namespace Perfwhiz.Perf.Container;

/// <summary>perf_event_attr.sample_type bits (uapi perf_event.h).</summary>
[Flags]
public enum SampleType : ulong
{
    None = 0,
    Ip = 1 << 0,
    Tid = 1 << 1,
    Time = 1 << 2,
    Addr = 1 << 3,
    Read = 1 << 4,
    Callchain = 1 << 5,
    Id = 1 << 6,
    Cpu = 1 << 7,
    Period = 1 << 8,
    StreamId = 1 << 9,
    Raw = 1 << 10,
    Identifier = 1 << 16,
}
