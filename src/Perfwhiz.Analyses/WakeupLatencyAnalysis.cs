using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>
/// Wakeup latency per task, measured as perf sched latency does: from the moment a sleeping thread
/// is put on a run queue (sched_wakeup/wakeup_new; sched_waking only when those were not recorded)
/// or a running one is preempted, to the moment it is switched in. As perf, a thread first seen
/// being switched in counts a wait of 0, and the idle task never waits. Without wakeups (cdicts of
/// the original perfwhiz) no wait can be told from a sleep: none is measured.
/// </summary>
public static class WakeupLatencyAnalysis
{
    private const long Unknown = long.MinValue;

    /// <returns>The tasks with waits in the window, by key.</returns>
    public static IReadOnlyList<WakeupLatencySummary> Compute(Run run, bool[] selected) => Compute(run, Measure(run, selected));

    /// <summary>The summaries of waits already measured (<see cref="Measure"/>).</summary>
    public static IReadOnlyList<WakeupLatencySummary> Compute(Run run, TaskWaits waits)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(waits);
        var keyCount = run.Keys.Count;
        // Group the delays by task with a counting sort: one array, each task's delays contiguous.
        // The columns once, not a span per access: there is a wait per switch.
        var keys = waits.Keys;
        var starts = waits.Starts;
        var delaysNs = waits.Delays;
        var offsets = new int[keyCount + 1];
        foreach (var key in keys)
        {
            offsets[key + 1]++;
        }

        for (var key = 0; key < keyCount; key++)
        {
            offsets[key + 1] += offsets[key];
        }

        var grouped = new long[keys.Length];
        var next = offsets[..^1];
        var worst = new int[keyCount];
        Array.Fill(worst, -1);
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            grouped[next[key]++] = delaysNs[i];
            if (worst[key] < 0 || delaysNs[i] > delaysNs[worst[key]])
            {
                worst[key] = i;
            }
        }

        // Each task's percentiles and histogram on any core: they reorder only the task's own delays.
        var waiting = Enumerable.Range(0, keyCount).Where(key => worst[key] >= 0).ToArray();
        var worstStarts = new long[waiting.Length];
        var worstDelays = new long[waiting.Length];
        for (var i = 0; i < waiting.Length; i++)
        {
            worstStarts[i] = starts[worst[waiting[i]]];
            worstDelays[i] = delaysNs[worst[waiting[i]]];
        }

        var latencies = new WakeupLatencySummary[waiting.Length];
        Parallel.For(0, waiting.Length, i =>
        {
            var key = waiting[i];
            var delays = grouped.AsSpan(offsets[key], offsets[key + 1] - offsets[key]);
            latencies[i] = Summarize(key, delays, worstStarts[i], worstDelays[i]);
        });
        return latencies;
    }

    /// <summary>Every measured wait of every task.</summary>
    public static TaskWaits MeasureAll(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Measure(run, [.. Enumerable.Repeat(true, run.Keys.Count)]);
    }

    /// <summary>Every measured wait of the selected tasks (those of <see cref="MeasureAll"/> of the selected tasks).</summary>
    public static TaskWaits Measure(Run run, bool[] selected)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        var events = run.Capture.Events;
        var wakeups = run.Capture.Wakeups;
        var useWaking = CountsWaking(wakeups);
        var waits = new TaskWaits();
        if (wakeups.Count == 0 && !events.HasPrevState)
        {
            return waits;
        }

        // Scheduling state is per thread; waits are counted per task (threads sharing a name).
        var threadIndex = new ThreadIndex(MaxTid(run));
        var threads = new ThreadState[1024];
        ref ThreadState Thread(int tid)
        {
            var index = threadIndex.Of(tid);
            if (index >= threads.Length)
            {
                Array.Resize(ref threads, threads.Length * 2);
            }

            return ref threads[index];
        }

        var w = run.WakeupStart;
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            if (events.Kind[row] != EventKind.Switch)
            {
                continue;
            }

            var time = events.TimeNs[row];
            // Wakeups up to this switch come first (a wakeup precedes the switch it causes).
            for (; w < run.WakeupEnd && wakeups.TimeNs[w] <= time; w++)
            {
                if (useWaking ? wakeups.Kind[w] == WakeupKind.Waking : wakeups.Kind[w] != WakeupKind.Waking)
                {
                    Woken(ref Thread(wakeups.Pid[w]), wakeups.TimeNs[w], w);
                }
            }

            // A task switched out while runnable (preempted, or yielding) waits for a CPU from now on.
            Thread(events.Pid[row]) = SwitchedOut(events.HasPrevState ? events.PrevState[row] : -1, time);
            ref var nextThread = ref Thread(events.NextPid[row]);
            var (since, cause) = WaitStart(nextThread, events.HasPrevState, time);
            var wakeupRow = cause == WaitCause.Woken ? nextThread.WakeupRow : TaskWaits.NoWakeup;
            var next = run.Keys.OfNext[row];
            if (since != Unknown && since <= time && next != TaskKeys.None && selected[next] && events.NextPid[row] != EventTable.IdlePid)
            {
                waits.Add(next, since, time, cause, row, wakeupRow);
            }

            nextThread = new ThreadState(Phase.Running, Unknown, Unknown, WaitCause.Woken, TaskWaits.NoWakeup);
        }

        return waits;
    }

    private static ThreadState SwitchedOut(int prevState, long time) => IsRunnable(prevState)
        ? new ThreadState(Phase.WaitCpu, time, time, prevState == 0 ? WaitCause.Runnable : WaitCause.Preempted, TaskWaits.NoWakeup)
        : new ThreadState(Phase.Sleeping, time, Unknown, WaitCause.Woken, TaskWaits.NoWakeup);

    /// <summary>When and why the wait of a thread switched in at <paramref name="time"/> began; Unknown when it did not wait.</summary>
    private static (long Since, WaitCause Cause) WaitStart(ThreadState thread, bool hasPrevState, long time) => thread.Phase switch
    {
        Phase.WaitCpu => (thread.WokenAt, thread.Cause),
        Phase.Unseen => (time, WaitCause.FirstSeen),
        // Without prev_state (original cdicts with wakeups), a task switched in unwoken was preempted.
        Phase.Sleeping when !hasPrevState => (thread.SwitchedOutAt, WaitCause.Preempted),
        _ => (Unknown, WaitCause.Woken),
    };

    private static int MaxTid(Run run)
    {
        var max = 0;
        foreach (var pid in run.Capture.Events.Pid.AsSpan(0, run.Capture.Events.Count))
        {
            max = Math.Max(max, pid);
        }

        foreach (var pid in run.Capture.Events.NextPid.AsSpan(0, run.Capture.Events.Count))
        {
            max = Math.Max(max, pid);
        }

        return max;
    }

    // The kernel reports a task that stays runnable as 0, or as only the "preempted" bit (0x100
    // since 4.14, TASK_STATE_MAX before): no sleeping state in the low byte.
    private static bool IsRunnable(int prevState) => prevState >= 0 && (prevState & 0xFF) == 0;

    private static void Woken(ref ThreadState thread, long time, int wakeupRow)
    {
        // A thread never seen before was asleep; a running or runnable one cannot be woken, and a
        // wakeup stamped before the switch-out it answers is out of order: perf ignores both.
        if (thread.Phase == Phase.Unseen)
        {
            thread = new ThreadState(Phase.Sleeping, time, Unknown, WaitCause.Woken, TaskWaits.NoWakeup);
        }

        if (thread.Phase == Phase.Sleeping && thread.SwitchedOutAt <= time)
        {
            thread = new ThreadState(Phase.WaitCpu, thread.SwitchedOutAt, time, WaitCause.Woken, wakeupRow);
        }
    }

    /// <summary>Whether waits begin at sched_waking: only when neither sched_wakeup nor sched_wakeup_new was recorded.</summary>
    internal static bool CountsWaking(WakeupTable wakeups) => !Has(wakeups, WakeupKind.Wakeup) && !Has(wakeups, WakeupKind.WakeupNew);

    private static bool Has(WakeupTable wakeups, WakeupKind kind)
    {
        for (var row = 0; row < wakeups.Count; row++)
        {
            if (wakeups.Kind[row] == kind)
            {
                return true;
            }
        }

        return false;
    }

    private static WakeupLatencySummary Summarize(int key, Span<long> delays, long maxStart, long max)
    {
        var total = 0L;
        foreach (var delay in delays)
        {
            total += delay;
        }

        var histogram = LatencyBuckets.Histogram(delays);
        return new WakeupLatencySummary(
            key, delays.Length, total, Percentile(delays, 50), Percentile(delays, 95), Percentile(delays, 99), max, maxStart, histogram);
    }

    // Nearest rank: the smallest delay that at least p% of the delays do not exceed.
    private static long Percentile(Span<long> delays, int percent)
    {
        var rank = Math.Clamp((int)Math.Ceiling(percent / 100.0 * delays.Length) - 1, 0, delays.Length - 1);
        return NthElement.Of(delays, rank);
    }

    private enum Phase : byte
    {
        Unseen,
        Sleeping,
        WaitCpu,
        Running,
    }

    /// <summary>A thread's scheduling state, when it was last switched out, when it became runnable, why, and by which wakeup row.</summary>
    private readonly record struct ThreadState(Phase Phase, long SwitchedOutAt, long WokenAt, WaitCause Cause, int WakeupRow);
}
