using System.Runtime.CompilerServices;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>
/// Every wait for a CPU of every thread (the idle task's aside) in a capture's window, in the
/// order they ended, before the waits are told by task: measured from the capture alone, so it
/// can run while the task keys are built, then given to each selection of tasks
/// (<see cref="ForTasks"/>) without measuring again.
/// </summary>
public sealed class ThreadWaits
{
    private readonly long[] starts;
    private readonly long[] delays;
    private readonly WaitCause[] causes;
    private readonly int[] switchRows;
    private readonly int[] wakeupRows;

    /// <param name="withWakeupRows">Whether to keep the wakeup row of each wait (see <see cref="TaskWaits.WakeupRows"/>).</param>
    internal ThreadWaits(int capacity, bool withWakeupRows)
    {
        starts = HugePages.Allocate<long>(capacity);
        delays = HugePages.Allocate<long>(capacity);
        causes = HugePages.Allocate<WaitCause>(capacity);
        switchRows = HugePages.Allocate<int>(capacity);
        wakeupRows = withWakeupRows ? HugePages.Allocate<int>(capacity) : [];
    }

    public int Count { get; private set; }

    /// <summary>The waits in <paramref name="window"/> of <paramref name="capture"/> (none without wakeups or prev_state: a wait cannot be told from a sleep).</summary>
    public static ThreadWaits Measure(Capture capture, AnalysisWindow window)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(window);
        var events = capture.Events;
        var wakeups = capture.Wakeups;
        if (!WaitMeasurement.CanMeasure(capture))
        {
            return new ThreadWaits(0, withWakeupRows: false);
        }

        // The rows of the window as Run finds them.
        var (eventStart, eventEnd) = window.RowsOf(events.TimeNs.AsSpan(0, events.Count));
        var (wakeupStart, wakeupEnd) = window.RowsOf(wakeups.TimeNs.AsSpan(0, wakeups.Count));
        return WaitMeasurement.Measure(capture, eventStart, eventEnd, wakeupStart, wakeupEnd, WakeupLatencyAnalysis.CountsWaking(wakeups));
    }

    /// <summary>The waits of the selected tasks, each with the key of the task switched in.</summary>
    /// <remarks>When every wait is of a selected task, the result shares these columns (neither changes them).</remarks>
    public TaskWaits ForTasks(TaskKeys keys, bool[] selected)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(selected);
        var ofNext = keys.OfNext;
        var keyOfWait = HugePages.Allocate<int>(Count);
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            var key = ofNext[switchRows[i]];
            keyOfWait[i] = key;
            kept += key != TaskKeys.None && selected[key] ? 1 : 0;
        }

        if (kept == Count)
        {
            return new TaskWaits(keyOfWait, starts, delays, causes, switchRows, wakeupRows, Count);
        }

        var keptWaits = new int[kept];
        for (int i = 0, k = 0; i < Count; i++)
        {
            var key = keyOfWait[i];
            if (key != TaskKeys.None && selected[key])
            {
                keptWaits[k++] = i;
            }
        }

        return new TaskWaits(Kept(keyOfWait, keptWaits), Kept(starts, keptWaits), Kept(delays, keptWaits), Kept(causes, keptWaits), Kept(switchRows, keptWaits), wakeupRows.Length == 0 ? [] : Kept(wakeupRows, keptWaits), kept);
    }

    private static T[] Kept<T>(T[] column, int[] keptWaits)
    {
        var kept = GC.AllocateUninitializedArray<T>(keptWaits.Length);
        for (var k = 0; k < keptWaits.Length; k++)
        {
            kept[k] = column[keptWaits[k]];
        }

        return kept;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Add(long startNs, long switchedInNs, WaitCause cause, int switchRow, int wakeupRow)
    {
        starts[Count] = startNs;
        delays[Count] = switchedInNs - startNs;
        causes[Count] = cause;
        switchRows[Count] = switchRow;
        if (wakeupRows.Length > 0)
        {
            wakeupRows[Count] = wakeupRow;
        }

        Count++;
    }
}
