namespace Perfwhiz.Captures.Table;

/// <summary>
/// The main table of a capture, one column per array (struct of arrays), rows in time order.
/// Columns map to the original cdict columns: event, cpu, usecs, pid, task_name, duration,
/// next_pid, next_comm. Times are kept in nanoseconds; the cdict stores microseconds.
/// </summary>
public sealed class EventTable
{
    /// <summary>Marks a missing next_pid (kvm rows) — msgpack nil in a cdict.</summary>
    public const int NoPid = int.MinValue;

    /// <summary>The idle task (swapper/N): its "run time" is a CPU's idle time.</summary>
    public const int IdlePid = 0;

    /// <summary>Marks a missing task in <see cref="NextTask"/>.</summary>
    public const int NoTask = -1;

    public EventTable(TaskNames names)
    {
        Names = names;
    }

    public TaskNames Names { get; }

    public int Count { get; private set; }

    public EventKind[] Kind { get; private set; } = [];

    public int[] Cpu { get; private set; } = [];

    /// <summary>Nanoseconds since the first event of the capture.</summary>
    public long[] TimeNs { get; private set; } = [];

    public int[] Pid { get; private set; } = [];

    /// <summary>Index into <see cref="Names"/> of the task the row is about (for a switch: the task switched out).</summary>
    public int[] Task { get; private set; } = [];

    /// <summary>Switch: run time of the task switched out; kvm_exit: time in guest; kvm_entry: exit handling time; sleep/iowait: delay.</summary>
    public long[] DurationNs { get; private set; } = [];

    /// <summary>Switch: pid switched in; <see cref="NoPid"/> for kvm rows; 0 for sleep/iowait as the original wrote.</summary>
    public int[] NextPid { get; private set; } = [];

    /// <summary>Switch: index of the task switched in; <see cref="NoTask"/> otherwise.</summary>
    public int[] NextTask { get; private set; } = [];

    /// <summary>kvm_exit: the exit reason code (the cdict's next_comm for these rows); 0 otherwise.</summary>
    public uint[] ExitReason { get; private set; } = [];

    /// <summary>
    /// Switch: the kernel's prev_state of the task switched out (0, or only the preempted bit: it stays
    /// runnable); 0 otherwise. Unknown for cdicts of the original perfwhiz: see <see cref="HasPrevState"/>.
    /// </summary>
    public int[] PrevState { get; private set; } = [];

    /// <summary>Whether <see cref="PrevState"/> was recorded (cdicts of the original perfwhiz lack it).</summary>
    public bool HasPrevState { get; set; } = true;

    public void Add(EventKind kind, int cpu, long timeNs, int pid, int task, long durationNs, int nextPid, int nextTask, uint exitReason, int prevState = 0)
    {
        if (Count == Kind.Length)
        {
            Grow(Math.Max(1024, Count * 2));
        }

        var row = Count++;
        Kind[row] = kind;
        Cpu[row] = cpu;
        TimeNs[row] = timeNs;
        Pid[row] = pid;
        Task[row] = task;
        DurationNs[row] = durationNs;
        NextPid[row] = nextPid;
        NextTask[row] = nextTask;
        ExitReason[row] = exitReason;
        PrevState[row] = prevState;
    }

    /// <summary>Makes the first <paramref name="count"/> rows of the columns, filled in place by a bulk load, the table's rows.</summary>
    public void SetCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Kind.Length);
        Count = count;
    }

    /// <summary>
    /// Fills <see cref="PrevState"/> from <paramref name="prevStates"/>, a value per row decoded
    /// apart (a bulk load): the array itself is taken when it is as long as the columns, so its
    /// rows are not held twice.
    /// </summary>
    public void SetPrevStates(int[] prevStates)
    {
        ArgumentNullException.ThrowIfNull(prevStates);
        if (prevStates.Length == Kind.Length)
        {
            PrevState = prevStates;
        }
        else
        {
            prevStates.CopyTo(PrevState, 0);
        }
    }

    /// <summary>Copies row <paramref name="from"/> over row <paramref name="to"/>: a bulk load drops rows this way.</summary>
    public void CopyRow(int from, int to)
    {
        Kind[to] = Kind[from];
        Cpu[to] = Cpu[from];
        TimeNs[to] = TimeNs[from];
        Pid[to] = Pid[from];
        Task[to] = Task[from];
        DurationNs[to] = DurationNs[from];
        NextPid[to] = NextPid[from];
        NextTask[to] = NextTask[from];
        ExitReason[to] = ExitReason[from];
        PrevState[to] = PrevState[from];
    }

    /// <summary>Sets the capacity ahead of bulk loading when the row count is known.</summary>
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
        Cpu = Column.Resize(Cpu, capacity);
        TimeNs = Column.Resize(TimeNs, capacity);
        Pid = Column.Resize(Pid, capacity);
        Task = Column.Resize(Task, capacity);
        DurationNs = Column.Resize(DurationNs, capacity);
        NextPid = Column.Resize(NextPid, capacity);
        NextTask = Column.Resize(NextTask, capacity);
        ExitReason = Column.Resize(ExitReason, capacity);
        PrevState = Column.Resize(PrevState, capacity);
    }
}
