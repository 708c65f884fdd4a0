namespace Perfwhiz.Analyses;

/// <summary>
/// Every measured wait for a CPU, in the order they ended: the task key, when the wait started and
/// how long it lasted (ns), what started it, the switch row that ended it and the wakeup row that
/// began it (<see cref="NoWakeup"/> when none did). Columns, so a million waits cost a few arrays, not a million objects.
/// </summary>
public sealed class TaskWaits
{
    public const int NoWakeup = -1;

    private int[] keys;
    private long[] starts;
    private long[] delays;
    private WaitCause[] causes;
    private int[] switchRows;
    private int[] wakeupRows;

    /// <param name="capacity">
    /// The most waits there will be, when known: a million waits then cost their columns once,
    /// not the copies and fresh pages of doubling them.
    /// </param>
    public TaskWaits(int capacity = 1024)
    {
        capacity = Math.Max(capacity, 1);
        keys = GC.AllocateUninitializedArray<int>(capacity);
        starts = GC.AllocateUninitializedArray<long>(capacity);
        delays = GC.AllocateUninitializedArray<long>(capacity);
        causes = GC.AllocateUninitializedArray<WaitCause>(capacity);
        switchRows = GC.AllocateUninitializedArray<int>(capacity);
        wakeupRows = GC.AllocateUninitializedArray<int>(capacity);
    }

    /// <summary>Waits already measured, their columns taken as they are (<see cref="ThreadWaits.ForTasks"/>).</summary>
    internal TaskWaits(int[] keys, long[] starts, long[] delays, WaitCause[] causes, int[] switchRows, int[] wakeupRows, int count)
    {
        this.keys = keys;
        this.starts = starts;
        this.delays = delays;
        this.causes = causes;
        this.switchRows = switchRows;
        this.wakeupRows = wakeupRows;
        Count = count;
    }

    public int Count { get; private set; }

    public ReadOnlySpan<int> Keys => keys.AsSpan(0, Count);

    public ReadOnlySpan<long> Starts => starts.AsSpan(0, Count);

    public ReadOnlySpan<long> Delays => delays.AsSpan(0, Count);

    public ReadOnlySpan<WaitCause> Causes => causes.AsSpan(0, Count);

    /// <summary>The event row of the switch that ended each wait (the task's switch in).</summary>
    public ReadOnlySpan<int> SwitchRows => switchRows.AsSpan(0, Count);

    /// <summary>The wakeup row that began each wait, or <see cref="NoWakeup"/> (preempted, yielded, first seen).</summary>
    public ReadOnlySpan<int> WakeupRows => wakeupRows.AsSpan(0, Count);

    public void Add(int key, long startNs, long switchedInNs, WaitCause cause, int switchRow, int wakeupRow)
    {
        if (Count == keys.Length)
        {
            Array.Resize(ref keys, Count * 2);
            Array.Resize(ref starts, Count * 2);
            Array.Resize(ref delays, Count * 2);
            Array.Resize(ref causes, Count * 2);
            Array.Resize(ref switchRows, Count * 2);
            Array.Resize(ref wakeupRows, Count * 2);
        }

        keys[Count] = key;
        starts[Count] = startNs;
        delays[Count] = switchedInNs - startNs;
        causes[Count] = cause;
        switchRows[Count] = switchRow;
        wakeupRows[Count] = wakeupRow;
        Count++;
    }
}
