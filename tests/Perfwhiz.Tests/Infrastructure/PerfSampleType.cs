namespace Perfwhiz.Tests.Infrastructure;

/// <summary>The <c>perf_event_attr.sample_type</c> bits <see cref="PerfDataWriter"/> can write.</summary>
[Flags]
public enum PerfSampleType : ulong
{
    None = 0,
    Ip = 0x1,
    Tid = 0x2,
    Time = 0x4,
    Id = 0x40,
    Cpu = 0x80,
    Period = 0x100,
    StreamId = 0x200,
    Raw = 0x400,
    Identifier = 0x10000,

    /// <summary>0x10587, what <c>perf record -e tracepoint</c> uses on perf 6.1.</summary>
    Default = Identifier | Ip | Tid | Time | Cpu | Period | Raw,
}
