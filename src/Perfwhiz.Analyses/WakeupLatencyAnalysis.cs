using System.Runtime.InteropServices;
using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Events.Table;

namespace Perfwhiz.Analyses;

/// <summary>
/// Wakeup latency per task, measured as perf sched latency does: from the moment a sleeping thread
/// is put on a run queue (sched_wakeup/wakeup_new; sched_waking only when those were not recorded)
/// or a running one is preempted, to the moment it is switched in. A thread first seen being
/// switched in has no known wait and is not counted (perf counts it as a wait of 0).
/// </summary>
public static class WakeupLatencyAnalysis
{
    private const long Unknown = long.MinValue;

    public static IReadOnlyList<TaskWakeupLatency> Compute(Run run, bool[] selected, bool severalRuns)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        var latencies = Measure(run, selected);
        return [.. latencies
            .Where(pair => pair.Value.Delays.Count > 0)
            .Select(pair => Summarize(run.DisplayName(pair.Key, severalRuns), run.ShortName, pair.Value))
            .OrderByDescending(latency => latency.MaxUs)
            .ThenBy(latency => latency.Task, StringComparer.Ordinal)];
    }

    /// <summary>Every measured wait of the selected tasks, per task key.</summary>
    public static Dictionary<int, TaskWaits> Measure(Run run, bool[] selected)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        var events = run.Capture.Events;
        var wakeups = run.Capture.Wakeups;
        var useWaking = !Has(wakeups, WakeupKind.Wakeup) && !Has(wakeups, WakeupKind.WakeupNew);
        // Scheduling state is per thread; waits are summed per task (threads sharing a name).
        var threads = new Dictionary<int, ThreadState>();
        var waits = new Dictionary<int, TaskWaits>();
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
                    Woken(ref CollectionsMarshal.GetValueRefOrAddDefault(threads, wakeups.Pid[w], out _), wakeups.TimeNs[w]);
                }
            }

            // A task switched out while runnable (preempted) waits for a CPU from now on.
            var preempted = events.HasPrevState && IsRunnable(events.PrevState[row]);
            threads[events.Pid[row]] = preempted ? new ThreadState(Phase.WaitCpu, time, time) : new ThreadState(Phase.Sleeping, time, Unknown);
            var next = run.Keys.OfNext[row];
            ref var nextThread = ref CollectionsMarshal.GetValueRefOrAddDefault(threads, events.NextPid[row], out var known);
            var since = !known ? Unknown
                : nextThread.Phase == Phase.WaitCpu ? nextThread.WokenAt
                // Without prev_state (original cdicts), a task switched in unwoken was preempted.
                : nextThread.Phase == Phase.Sleeping && !events.HasPrevState ? nextThread.SwitchedOutAt
                : Unknown;
            if (since != Unknown && since <= time && next != TaskKeys.None && selected[next])
            {
                if (!waits.TryGetValue(next, out var taskWaits))
                {
                    waits[next] = taskWaits = new TaskWaits();
                }

                taskWaits.Add(since, time);
            }

            nextThread = new ThreadState(Phase.Running, Unknown, Unknown);
        }

        return waits;
    }

    // The kernel reports a task that stays runnable as 0, or as only the "preempted" bit (0x100
    // since 4.14, TASK_STATE_MAX before): no sleeping state in the low byte.
    private static bool IsRunnable(int prevState) => (prevState & 0xFF) == 0;

    private static void Woken(ref ThreadState thread, long time)
    {
        // A thread never seen before was asleep; a running or runnable one cannot be woken, and a
        // wakeup stamped before the switch-out it answers is out of order: perf ignores both.
        if (thread.Phase == Phase.Unseen)
        {
            thread = new ThreadState(Phase.Sleeping, time, Unknown);
        }

        if (thread.Phase == Phase.Sleeping && thread.SwitchedOutAt <= time)
        {
            thread = new ThreadState(Phase.WaitCpu, thread.SwitchedOutAt, time);
        }
    }

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

    private static TaskWakeupLatency Summarize(string task, string runName, TaskWaits waits)
    {
        var delays = waits.Delays.ToArray();
        var worst = 0;
        for (var i = 1; i < delays.Length; i++)
        {
            if (delays[i] > delays[worst])
            {
                worst = i;
            }
        }

        var maxStart = waits.Starts[worst];
        Array.Sort(delays);
        return new TaskWakeupLatency(
            task,
            runName,
            delays.Length,
            Math.Round(delays.Average() / 1e3, 3),
            Percentile(delays, 50),
            Percentile(delays, 95),
            Percentile(delays, 99),
            Math.Round(delays[^1] / 1e3, 3),
            Math.Round(maxStart / 1e6, 6),
            Math.Round((maxStart + delays[^1]) / 1e6, 6));
    }

    // Nearest rank: the smallest delay that at least p% of the delays do not exceed.
    private static double Percentile(long[] sorted, int percent)
    {
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)] / 1e3, 3);
    }

    private enum Phase : byte
    {
        Unseen,
        Sleeping,
        WaitCpu,
        Running,
    }

    /// <summary>A thread's scheduling state, when it was last switched out and when it became runnable.</summary>
    private readonly record struct ThreadState(Phase Phase, long SwitchedOutAt, long WokenAt);
}
