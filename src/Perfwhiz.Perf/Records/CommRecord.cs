namespace Perfwhiz.Perf.Records;

/// <summary>A PERF_RECORD_COMM: a thread got a name (exec, prctl, or synthesized at start).</summary>
public readonly ref struct CommRecord
{
    public CommRecord(int pid, int tid, ReadOnlySpan<byte> name, long timeNs)
    {
        Pid = pid;
        Tid = tid;
        Name = name;
        TimeNs = timeNs;
    }

    public int Pid { get; }

    public int Tid { get; }

    /// <summary>UTF-8 name without its NUL.</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>Time from the sample_id trailer; 0 for records perf synthesized at start.</summary>
    public long TimeNs { get; }
}
