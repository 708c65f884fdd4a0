namespace Perfwhiz.Captures.Table;

/// <summary>
/// Scheduler wakeups, columnar and in time order. The original perfwhiz dropped them; they are kept
/// beside the main table (in the cdict's extension stream) so that readers of the 8 original
/// columns never see them.
/// </summary>
public sealed class WakeupTable
{
    /// <param name="hasCpus">Whether the table keeps <see cref="Cpu"/> and <see cref="TargetCpu"/>; without them both stay empty.</param>
    public WakeupTable(bool hasCpus = true)
    {
        HasCpus = hasCpus;
    }

    public int Count { get; private set; }

    /// <summary>Whether <see cref="Cpu"/> and <see cref="TargetCpu"/> are kept (see <see cref="CaptureColumns"/>).</summary>
    public bool HasCpus { get; }

    public WakeupKind[] Kind { get; private set; } = [];

    /// <summary>Nanoseconds since the first event of the capture (same origin as the event table).</summary>
    public long[] TimeNs { get; private set; } = [];

    /// <summary>The CPU that recorded the wakeup; empty unless <see cref="HasCpus"/>.</summary>
    public int[] Cpu { get; private set; } = [];

    /// <summary>The task woken up (not the waker).</summary>
    public int[] Pid { get; private set; } = [];

    /// <summary>Index into the capture's task names of the task woken up.</summary>
    public int[] Task { get; private set; } = [];

    /// <summary>The CPU whose run queue receives the task; empty unless <see cref="HasCpus"/>.</summary>
    public int[] TargetCpu { get; private set; } = [];

    public void Add(WakeupKind kind, long timeNs, int cpu, int pid, int task, int targetCpu)
    {
        if (Count == Kind.Length)
        {
            Grow(Math.Max(1024, Count * 2));
        }

        var row = Count++;
        Kind[row] = kind;
        TimeNs[row] = timeNs;
        Pid[row] = pid;
        Task[row] = task;
        if (HasCpus)
        {
            Cpu[row] = cpu;
            TargetCpu[row] = targetCpu;
        }
    }

    /// <summary>Makes the first <paramref name="count"/> rows of the columns, filled in place by a bulk load, the table's rows.</summary>
    public void SetCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Kind.Length);
        Count = count;
    }

    public void EnsureCapacity(int rows)
    {
        if (rows > Kind.Length)
        {
            Grow(rows);
        }
    }

    private void Grow(int capacity)
    {
        Kind = Column.Resize(Kind, capacity);
        TimeNs = Column.Resize(TimeNs, capacity);
        Pid = Column.Resize(Pid, capacity);
        Task = Column.Resize(Task, capacity);
        if (HasCpus)
        {
            Cpu = Column.Resize(Cpu, capacity);
            TargetCpu = Column.Resize(TargetCpu, capacity);
        }
    }
}
