using Perfwhiz.Perf.Container;

namespace Perfwhiz.Perf.Records;

/// <summary>A PERF_RECORD_SAMPLE: who, where, when, and the raw tracepoint payload.</summary>
public readonly ref struct SampleRecord
{
    public SampleRecord(EventAttr attr, long timeNs, int cpu, int pid, int tid, ReadOnlySpan<byte> raw)
    {
        Attr = attr;
        TimeNs = timeNs;
        Cpu = cpu;
        Pid = pid;
        Tid = tid;
        Raw = raw;
    }

    public EventAttr Attr { get; }

    /// <summary>perf clock in ns (since boot unless the capture chose another clock).</summary>
    public long TimeNs { get; }

    public int Cpu { get; }

    /// <summary>Process id of the running task; −1 on the last switch of an exiting task.</summary>
    public int Pid { get; }

    /// <summary>Thread id of the running task (the waker, for wakeup tracepoints).</summary>
    public int Tid { get; }

    /// <summary>The tracepoint payload, decoded with <see cref="EventAttr.Format"/>.</summary>
    public ReadOnlySpan<byte> Raw { get; }
}
