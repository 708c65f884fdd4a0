using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;
using Perfwhiz.Perf;

namespace Perfwhiz.Conversion;

/// <summary>
/// Turns time-ordered records into the event table with the original perfwhiz's semantics:
/// a switch row is about the task switched out and carries its run time; kvm_exit carries the time
/// spent in the guest since the last entry, kvm_entry the time spent handling the exit. The cdict
/// columns no name changes are deflated as rows come, when no record waits (<see cref="DeflateEarlyRun"/>).
/// </summary>
internal sealed class CaptureAssembler : RoundOrderedQueue.IRecordSink, IDisposable
{
    private const long Unknown = long.MinValue;

    // No row stored yet. Times are perf's unsigned clock read as long: a damaged one may be
    // anything, and the subtractions wrap like the shift they stand for.
    private const long NoRows = long.MinValue;

    // Headroom over the projected row count: event density varies along a capture.
    private const double Margin = 1.25;

    private readonly TaskNames names;
    private readonly EventTable events;
    private readonly WakeupTable wakeups = new();
    private readonly ConversionCounters counters;
    // One entry a thread, found once a record: the run time since its last switch out, and in all.
    private readonly RuntimeTable runtimeByPid = new();
    private long[] lastSwitchByCpu = [];
    private int[] lastSwitchedInByCpu = [];
    private readonly Dictionary<int, int> nameByTid = [];
    private readonly Dictionary<int, int> unnamedByTid = [];
    private readonly List<int> unnamedTids = [];
    private readonly Dictionary<int, long> kvmEntryByTid = [];
    private readonly Dictionary<int, long> kvmExitByTid = [];
    private readonly EarlyColumnDeflater earlyColumns;
    private long firstRowTime = long.MaxValue;

    // Rows hold their time less the first row's, so that the end needs no pass over the time
    // columns (0.5 ms at 68 MB, with the other core idle) unless a row older than it came later.
    private long storedOrigin = NoRows;

    /// <param name="rowsPerEarlyRun">Rows per run of the columns deflated early.</param>
    public CaptureAssembler(TaskNames names, ConversionCounters counters, int rowsPerEarlyRun = EarlyColumnDeflater.DefaultRowsPerRun)
    {
        this.names = names;
        this.counters = counters;
        events = new EventTable(names);
        earlyColumns = new EarlyColumnDeflater(events, wakeups, rowsPerEarlyRun);
    }

    /// <summary>Each thread's sched_stat_runtime over the whole capture, as perf sched latency sums it.</summary>
    public Dictionary<int, long> RuntimeTotals() => runtimeByPid.Totals();

    /// <summary>ISA of the first kvm_exit (1 VMX, 2 SVM), or 0 when there was none.</summary>
    public int KvmIsa { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(PendingEvent record)
    {
        switch (record.Kind)
        {
            case PendingKind.Switch: AddSwitch(record, ref runtimeByPid.Find(record.Pid), record.PrevState); break;
            case PendingKind.StatRuntime: AddRuntime(record.Pid, record.DurationNs); break;
            // The run time first, as if its record had come just before: one lookup serves both.
            case PendingKind.SwitchAfterRuntime: AddSwitch(record, ref AddRuntime(record.Pid, record.FoldedRuntimeNs), record.FoldedPrevState); break;
            case PendingKind.StatSleep: AddDelay(record, EventKind.StatSleep); break;
            case PendingKind.StatIowait: AddDelay(record, EventKind.StatIowait); break;
            case PendingKind.Waking: AddWakeup(record, WakeupKind.Waking); break;
            case PendingKind.Wakeup: AddWakeup(record, WakeupKind.Wakeup); break;
            case PendingKind.WakeupNew: AddWakeup(record, WakeupKind.WakeupNew); break;
            case PendingKind.KvmExit: AddKvmExit(record); break;
            case PendingKind.KvmEntry: AddKvmEntry(record); break;
            case PendingKind.Comm: nameByTid[record.Pid] = record.Task; break;
            case PendingKind.Fork: InheritName(record.Pid, record.ParentTid); break;
        }
    }

    /// <summary>
    /// Sizes the tables for the whole capture from the share of it read so far, with a margin, so
    /// that they grow about once instead of doubling: each doubling leaves a dead copy of the
    /// columns behind, while the spare tail of a column, never written, costs no memory.
    /// </summary>
    public void ExpectTotal(long bytesRead, long totalBytes)
    {
        if (bytesRead <= 0 || totalBytes <= bytesRead)
        {
            return;
        }

        var scale = (double)totalBytes / bytesRead;
        if (Projected(events.Count, scale) is var rows && rows > events.Kind.Length)
        {
            events.EnsureCapacity(Projected(rows, Margin));
        }

        if (Projected(wakeups.Count, scale) is var wakeupRows && wakeupRows > wakeups.Kind.Length)
        {
            wakeups.EnsureCapacity(Projected(wakeupRows, Margin));
        }
    }

    /// <summary>Ends the conversion: times become relative to the earliest row.</summary>
    public (EventTable Events, WakeupTable Wakeups, long FirstRowTimeNs, EarlyColumns? EarlyColumns) Finish()
    {
        var origin = firstRowTime == long.MaxValue ? 0 : firstRowTime;
        var stored = storedOrigin == NoRows ? origin : storedOrigin;
        // Before any row changes: the runs deflated early were read from the rows as they are now.
        var deflated = earlyColumns.Finish(origin - stored);
        NameUnnamedThreads();
        if (origin != stored)
        {
            ShiftTimes(events.TimeNs.AsSpan(0, events.Count), origin - stored);
            ShiftTimes(wakeups.TimeNs.AsSpan(0, wakeups.Count), origin - stored);
        }

        return (events, wakeups, origin, deflated);
    }

    public void Dispose() => earlyColumns.Dispose();

    /// <summary>Deflates a run of the columns no name changes (see <see cref="EarlyColumnDeflater"/>); false when no whole run is left.</summary>
    public bool DeflateEarlyRun() => earlyColumns.TryDeflateRun(firstRowTime - storedOrigin);

    private static int Projected(int rows, double scale) => (int)Math.Min(Array.MaxLength, rows * scale);

    private static void ShiftTimes(Span<long> times, long origin)
    {
        for (var i = 0; i < times.Length; i++)
        {
            times[i] -= origin;
        }
    }

    // Run time of the task switched out: the sched_stat_runtime it accumulated since it was last
    // switched out; tasks without them (the idle task, RT tasks, captures without the tracepoint,
    // runtime events lost) get the time since the previous switch on the CPU when that switch put
    // this task on it, else 0: after lost switches that time would belong to other tasks. The first
    // switch on a CPU without either has no known start and is dropped, as the original did.
    // runtime: the switched-out task's (a null ref when it has none).
    private void AddSwitch(PendingEvent record, ref ThreadRuntime runtime, long prevState)
    {
        if ((uint)record.Cpu >= (uint)lastSwitchByCpu.Length)
        {
            GrowCpus(record.Cpu);
        }

        var previousSwitch = lastSwitchByCpu[record.Cpu];
        var hadPrevious = previousSwitch != Unknown;
        var switchedInBefore = lastSwitchedInByCpu[record.Cpu];
        lastSwitchByCpu[record.Cpu] = record.TimeNs;
        lastSwitchedInByCpu[record.Cpu] = record.NextPid;
        long runTime;
        var accumulated = Unsafe.IsNullRef(ref runtime) ? null : runtime.SinceSwitch;
        if (accumulated is not null)
        {
            runtime.SinceSwitch = null;
        }

        if (accumulated is { } sinceSwitch && record.Pid != 0)
        {
            runTime = sinceSwitch;
        }
        else if (hadPrevious)
        {
            runTime = switchedInBefore == record.Pid ? record.TimeNs - previousSwitch : 0;
        }
        else
        {
            counters.DropAsFirst(PendingKind.Switch);
            return;
        }

        AddRow(EventKind.Switch, record, runTime, record.NextPid, record.NextTask, exitReason: 0, prevState: (int)prevState);
        counters.Keep(PendingKind.Switch);
    }

    private void GrowCpus(int cpu)
    {
        if (cpu < 0)
        {
            throw new PerfDataException($"a sched_switch sample has no CPU ({cpu}): the capture was not recorded per CPU");
        }

        var oldLength = lastSwitchByCpu.Length;
        Array.Resize(ref lastSwitchByCpu, cpu + 1);
        Array.Resize(ref lastSwitchedInByCpu, cpu + 1);
        lastSwitchByCpu.AsSpan(oldLength).Fill(Unknown);
    }

    private ref ThreadRuntime AddRuntime(int pid, long runtimeNs)
    {
        ref var runtime = ref runtimeByPid.GetOrAdd(pid);
        runtime.SinceSwitch = (runtime.SinceSwitch ?? 0) + runtimeNs;
        runtime.Total += runtimeNs;
        counters.Keep(PendingKind.StatRuntime);
        return ref runtime;
    }

    private void AddDelay(PendingEvent record, EventKind kind)
    {
        AddRow(kind, record, record.DurationNs, nextPid: 0, EventTable.NoTask, exitReason: 0);
        counters.Keep(record.Kind);
    }

    private void AddWakeup(PendingEvent record, WakeupKind kind)
    {
        wakeups.Add(kind, StoredTime(record.TimeNs), record.Cpu, record.Pid, record.Task, record.TargetCpu);
        counters.Keep(record.Kind);
    }

    private void AddKvmExit(PendingEvent record)
    {
        if (KvmIsa == 0)
        {
            KvmIsa = record.Isa;
        }

        var entry = KvmTime(kvmEntryByTid, record.Pid);
        if (entry != Unknown)
        {
            record.Task = ThreadName(record.Pid);
            AddRow(EventKind.KvmExit, record, record.TimeNs - entry, EventTable.NoPid, EventTable.NoTask, (uint)record.ExitReason);
            counters.Keep(PendingKind.KvmExit);
        }
        else
        {
            counters.DropAsFirst(PendingKind.KvmExit);
        }

        kvmExitByTid[record.Pid] = record.TimeNs;
    }

    private void AddKvmEntry(PendingEvent record)
    {
        var exit = KvmTime(kvmExitByTid, record.Pid);
        if (exit != Unknown)
        {
            record.Task = ThreadName(record.Pid);
            AddRow(EventKind.KvmEntry, record, record.TimeNs - exit, EventTable.NoPid, EventTable.NoTask, exitReason: 0);
            counters.Keep(PendingKind.KvmEntry);
        }
        else
        {
            counters.DropAsFirst(PendingKind.KvmEntry);
        }

        kvmEntryByTid[record.Pid] = record.TimeNs;
    }

    // A new thread has its parent's name until it gets a COMM of its own.
    private void InheritName(int tid, int parentTid)
    {
        if (!nameByTid.ContainsKey(tid) && nameByTid.TryGetValue(parentTid, out var parentName))
        {
            nameByTid[tid] = parentName;
        }
    }

    private static long KvmTime(Dictionary<int, long> times, int tid) => times.TryGetValue(tid, out var time) ? time : Unknown;

    // kvm tracepoints carry no name: use the thread's name from perf's COMM records, as perf does.
    private int ThreadName(int tid)
    {
        if (nameByTid.TryGetValue(tid, out var name))
        {
            return name;
        }

        // Named ":tid"; remembered apart from the COMM names so that a later COMM still wins. The
        // names are interned by Finish, after the names the records carry (see PendingBatch).
        ref var unnamed = ref CollectionsMarshal.GetValueRefOrAddDefault(unnamedByTid, tid, out var known);
        if (!known)
        {
            unnamed = UnnamedTask(unnamedTids.Count);
            unnamedTids.Add(tid);
        }

        return unnamed;
    }

    /// <summary>The stand-in task index of the <paramref name="index"/>-th unnamed thread, below <see cref="EventTable.NoTask"/>.</summary>
    private static int UnnamedTask(int index) => EventTable.NoTask - 1 - index;

    /// <summary>Interns the ":tid" names and gives their rows the names' indexes.</summary>
    private void NameUnnamedThreads()
    {
        if (unnamedTids.Count == 0)
        {
            return;
        }

        var named = unnamedTids.Select(tid => names.Intern($":{tid}")).ToArray();
        foreach (ref var task in events.Task.AsSpan(0, events.Count))
        {
            if (task < EventTable.NoTask)
            {
                task = named[EventTable.NoTask - 1 - task];
            }
        }
    }

    private void AddRow(EventKind kind, PendingEvent record, long durationNs, int nextPid, int nextTask, uint exitReason, int prevState = 0)
    {
        events.Add(kind, record.Cpu, StoredTime(record.TimeNs), record.Pid, record.Task, durationNs, nextPid, nextTask, exitReason, prevState);
    }

    /// <summary>What a row holds of <paramref name="time"/>: the time less the first row's (see <see cref="storedOrigin"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long StoredTime(long time)
    {
        firstRowTime = Math.Min(firstRowTime, time);
        if (storedOrigin == NoRows)
        {
            storedOrigin = time;
        }

        return time - storedOrigin;
    }
}
