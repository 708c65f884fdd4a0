using System.Runtime.CompilerServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>
/// The waits for a CPU of <see cref="WakeupLatencyAnalysis"/>, found by following every thread's
/// scheduling state through the switches and wakeups in time order. There is a row per switch
/// and per wakeup (millions), so the state is a mutable struct per thread changed field by field
/// and the columns are read once, not through a property per access.
/// </summary>
internal static class WaitMeasurement
{
    private const long Unknown = long.MinValue;

    private enum Phase : byte
    {
        Unseen,
        Sleeping,
        WaitCpu,
        Running,
    }

    /// <summary>What takes each wait as it is found: stored (<see cref="ThreadWaits"/>) or summed at once.</summary>
    internal interface IWaitSink
    {
        void Add(long startNs, long switchedInNs, WaitCause cause, int switchRow, int wakeupRow);
    }

    /// <summary>
    /// Every wait of every thread but the idle one in the window, in the order they ended: what
    /// <see cref="ThreadWaits"/> holds. Needs no task keys, so it can run while they are built.
    /// </summary>
    public static ThreadWaits Measure(Capture capture, int eventStart, int eventEnd, int wakeupStart, int wakeupEnd, bool useWaking)
    {
        // A wait's wakeup row serves to find its waker on the wakeup's CPU: kept when the CPUs are.
        var waits = new ThreadWaits(MostWaits(capture.Events, eventStart, eventEnd), withWakeupRows: capture.Wakeups.HasCpus);
        var storing = new Storing(waits);
        Measure(capture, eventStart, eventEnd, wakeupStart, wakeupEnd, useWaking, ThreadIndex.For(capture.Events), ref storing);
        return waits;
    }

    /// <summary>
    /// Hands every wait of the whole capture to <paramref name="sink"/> as it is found, in the order
    /// <see cref="ThreadWaits"/> keeps them, none kept here. <paramref name="threadIndex"/> numbers
    /// the threads (one of the caller's may serve: the threads only woken get numbers after its own).
    /// </summary>
    public static void MeasureAll<TSink>(Capture capture, ThreadIndex threadIndex, ref TSink sink)
        where TSink : struct, IWaitSink
    {
        if (CanMeasure(capture))
        {
            Measure(capture, 0, capture.Events.Count, 0, capture.Wakeups.Count, WakeupLatencyAnalysis.CountsWaking(capture.Wakeups), threadIndex, ref sink);
        }
    }

    /// <summary>Whether waits can be told from sleeps: not without wakeups or prev_state.</summary>
    public static bool CanMeasure(Capture capture) => capture.Wakeups.Count > 0 || capture.Events.HasPrevState;

    /// <summary>Hands every wait <see cref="Measure(Capture, int, int, int, int, bool)"/> finds to <paramref name="sink"/>, in the same order.</summary>
    /// <remarks>A struct sink, so that each gets its own copy of the loop with its Add inlined.</remarks>
    private static void Measure<TSink>(Capture capture, int eventStart, int eventEnd, int wakeupStart, int wakeupEnd, bool useWaking, ThreadIndex threadIndex, ref TSink sink)
        where TSink : struct, IWaitSink
    {
        var events = capture.Events;
        var wakeups = capture.Wakeups;
        var kinds = events.Kind;
        var times = events.TimeNs;
        var pids = events.Pid;
        var nextPids = events.NextPid;
        var hasPrevState = events.HasPrevState;
        var prevStates = events.PrevState;
        var wakeupKinds = wakeups.Kind;
        var wakeupTimes = wakeups.TimeNs;
        var wakeupPids = wakeups.Pid;

        // Scheduling state is per thread.
        var threads = new ThreadState[1024];
        var w = wakeupStart;
        for (var row = eventStart; row < eventEnd; row++)
        {
            if (kinds[row] != EventKind.Switch)
            {
                continue;
            }

            var time = times[row];
            // Wakeups up to this switch come first (a wakeup precedes the switch it causes).
            for (; w < wakeupEnd && wakeupTimes[w] <= time; w++)
            {
                if ((wakeupKinds[w] == WakeupKind.Waking) == useWaking)
                {
                    Woken(ref StateOf(ref threads, threadIndex, wakeupPids[w]), wakeupTimes[w], w);
                }
            }

            SwitchedOut(ref StateOf(ref threads, threadIndex, pids[row]), hasPrevState ? prevStates[row] : -1, time);
            var nextPid = nextPids[row];
            ref var nextThread = ref StateOf(ref threads, threadIndex, nextPid);
            var (since, cause) = WaitStart(ref nextThread, hasPrevState, time);
            if (since != Unknown && since <= time && nextPid != EventTable.IdlePid)
            {
                sink.Add(since, time, cause, row, cause == WaitCause.Woken ? nextThread.WakeupRow : TaskWaits.NoWakeup);
            }

            nextThread.Phase = Phase.Running;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref ThreadState StateOf(ref ThreadState[] threads, ThreadIndex threadIndex, int tid)
    {
        var index = threadIndex.Of(tid);
        if (index >= threads.Length)
        {
            Array.Resize(ref threads, threads.Length * 2);
        }

        return ref threads[index];
    }

    /// <summary>A task switched out while runnable (preempted, or yielding) waits for a CPU from now on; otherwise it sleeps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SwitchedOut(ref ThreadState thread, int prevState, long time)
    {
        thread.SwitchedOutAt = time;
        if (IsRunnable(prevState))
        {
            thread.Phase = Phase.WaitCpu;
            thread.WokenAt = time;
            thread.Cause = prevState == 0 ? WaitCause.Runnable : WaitCause.Preempted;
            thread.WakeupRow = TaskWaits.NoWakeup;
        }
        else
        {
            thread.Phase = Phase.Sleeping;
        }
    }

    /// <summary>When and why the wait of a thread switched in at <paramref name="time"/> began; Unknown when it did not wait.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (long Since, WaitCause Cause) WaitStart(ref ThreadState thread, bool hasPrevState, long time) => thread.Phase switch
    {
        Phase.WaitCpu => (thread.WokenAt, thread.Cause),
        Phase.Unseen => (time, WaitCause.FirstSeen),
        // Without prev_state (original cdicts with wakeups), a task switched in unwoken was preempted.
        Phase.Sleeping when !hasPrevState => (thread.SwitchedOutAt, WaitCause.Preempted),
        _ => (Unknown, WaitCause.Woken),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Woken(ref ThreadState thread, long time, int wakeupRow)
    {
        // A thread never seen before was asleep; a running or runnable one cannot be woken, and a
        // wakeup stamped before the switch-out it answers is out of order: perf ignores both.
        if (thread.Phase == Phase.Unseen)
        {
            thread.Phase = Phase.Sleeping;
            thread.SwitchedOutAt = time;
        }

        if (thread.Phase == Phase.Sleeping && thread.SwitchedOutAt <= time)
        {
            thread.Phase = Phase.WaitCpu;
            thread.WokenAt = time;
            thread.Cause = WaitCause.Woken;
            thread.WakeupRow = wakeupRow;
        }
    }

    // The kernel reports a task that stays runnable as 0, or as only the "preempted" bit (0x100
    // since 4.14, TASK_STATE_MAX before): no sleeping state in the low byte.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsRunnable(int prevState) => prevState >= 0 && (prevState & 0xFF) == 0;

    /// <summary>The most waits there can be: a switch in the window to a thread other than the idle one.</summary>
    private static int MostWaits(EventTable events, int eventStart, int eventEnd)
    {
        var kinds = events.Kind;
        var nextPids = events.NextPid;
        var most = 0;
        for (var row = eventStart; row < eventEnd; row++)
        {
            if (kinds[row] == EventKind.Switch && nextPids[row] != EventTable.IdlePid)
            {
                most++;
            }
        }

        return most;
    }

    /// <summary>Stores each wait in a <see cref="ThreadWaits"/>.</summary>
    private readonly struct Storing(ThreadWaits waits) : IWaitSink
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(long startNs, long switchedInNs, WaitCause cause, int switchRow, int wakeupRow) =>
            waits.Add(startNs, switchedInNs, cause, switchRow, wakeupRow);
    }

    /// <summary>
    /// A thread's scheduling state: what it does, when it was last switched out (read while it
    /// sleeps), and while it waits for a CPU since when, why and by which wakeup row.
    /// </summary>
    private struct ThreadState
    {
        public long SwitchedOutAt;
        public long WokenAt;
        public int WakeupRow;
        public Phase Phase;
        public WaitCause Cause;
    }
}
