namespace Perfwhiz.Analyses;

/// <summary>
/// Every measured wait for a CPU, in the order they ended: the task key, when the wait started and
/// how long it lasted (ns), what started it, the switch row that ended it and the wakeup row that
/// began it (<see cref="NoWakeup"/> when none did). Columns, so a million waits cost a few arrays, not a million objects.
/// </summary>
public sealed class TaskWaits
{
    public const int NoWakeup = -1;

    private readonly int[] keys;
    private readonly long[] starts;
    private readonly long[] delays;
    private readonly WaitCause[] causes;
    private readonly int[] switchRows;
    private readonly int[] wakeupRows;

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

    public int Count { get; }

    public ReadOnlySpan<int> Keys => keys.AsSpan(0, Count);

    public ReadOnlySpan<long> Starts => starts.AsSpan(0, Count);

    public ReadOnlySpan<long> Delays => delays.AsSpan(0, Count);

    public ReadOnlySpan<WaitCause> Causes => causes.AsSpan(0, Count);

    /// <summary>The event row of the switch that ended each wait (the task's switch in).</summary>
    public ReadOnlySpan<int> SwitchRows => switchRows.AsSpan(0, Count);

    /// <summary>
    /// The wakeup row that began each wait, or <see cref="NoWakeup"/> (preempted, yielded, first
    /// seen). Empty when the capture was read without the wakeups' CPUs, on which wakers are found.
    /// </summary>
    public ReadOnlySpan<int> WakeupRows => wakeupRows.Length == 0 ? [] : wakeupRows.AsSpan(0, Count);
}
