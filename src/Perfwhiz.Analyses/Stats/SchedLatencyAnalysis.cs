using System.Runtime.CompilerServices;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses.Stats;

/// <summary>
/// The figures of <c>perf sched latency</c>, from a capture: a thread's run time is its
/// sched_stat_runtime over the whole capture (as perf's; from a cdict, the sum of its switch rows),
/// its waits for a CPU are those <see cref="ThreadWaits"/> measures for <see cref="WakeupLatencyAnalysis"/>. As perf, a thread
/// goes by its last name, and the idle task and the threads without a wait are left out. The waits
/// after a preemption ("R+"), which perf 6.1 misses, are counted apart; a thread with only those is
/// listed but, as perf leaves it out, not in the TOTAL.
/// </summary>
public static class SchedLatencyAnalysis
{
    public static SchedLatencyStats Compute(Capture capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var totals = RunTimes(capture);

        // Each wait is summed as it is found into its switch row's next thread's totals: perf's
        // threads, without task keys to build or waits to keep, numbered once for both.
        var summing = new SummingWaits(totals, capture.Events);
        WaitMeasurement.MeasureAll(capture, totals.Index, ref summing);

        // As perf, a name's line has all its threads, those that never waited too.
        var all = Enumerable.Range(0, totals.Count)
            .Where(index => totals.Tids[index] != EventTable.IdlePid)
            .Select(index => (Tid: totals.Tids[index], Thread: totals.Threads[index]))
            .Select(pair => new TaskSchedLatency(
                pair.Thread.Name >= 0 ? capture.Names[pair.Thread.Name] : TaskKeys.UnnamedTask,
                pair.Tid,
                Threads: 1,
                pair.Thread.RuntimeNs,
                pair.Thread.Switches,
                pair.Thread.TotalDelayNs,
                pair.Thread.MaxDelayNs,
                pair.Thread.MaxDelayStartNs,
                pair.Thread.Preempted))
            .ToList();
        var threads = all.Where(Listed).ToList();
        var tasks = all.Where(thread => thread.Task != TaskKeys.UnnamedTask || Listed(thread))
            .GroupBy(thread => thread.Task, StringComparer.Ordinal).Select(Merge).Where(Listed).ToList();
        return new SchedLatencyStats(PerfOrder(tasks), PerfOrder(threads), Total(tasks), Total(threads));
    }

    /// <summary>Each thread's last name and run time: sched_stat_runtime when known, else its switch rows'.</summary>
    private static ThreadTotalsTable RunTimes(Capture capture)
    {
        var events = capture.Events;
        var totals = new ThreadTotalsTable(ThreadIndex.For(events));
        var runtimes = capture.SchedRuntimeByTid is { Count: > 0 } measured ? measured : null;
        for (var row = 0; row < events.Count; row++)
        {
            if (events.Kind[row] == EventKind.Switch)
            {
                ref var switchedOut = ref totals.Of(events.Pid[row]);
                switchedOut.RuntimeNs += runtimes is null ? events.DurationNs[row] : 0;
                switchedOut.Name = events.Task[row];
                totals.Of(events.NextPid[row]).Name = events.NextTask[row];
            }
        }

        foreach (var (tid, runtimeNs) in runtimes ?? new Dictionary<int, long>())
        {
            totals.Of(tid).RuntimeNs = runtimeNs;
        }

        return totals;
    }

    private static bool Listed(TaskSchedLatency line) => line.Switches > 0 || line.Preempted.Count > 0;

    // perf's TOTAL has the lines it prints: those with a wait it counts.
    private static SchedLatencyTotal Total(List<TaskSchedLatency> lines) => new(
        lines.Where(line => line.Switches > 0).Sum(line => line.RuntimeNs),
        lines.Sum(line => line.Switches),
        lines.Aggregate(default(DelaySum), (sum, line) => sum.Merge(line.Preempted)));

    private static TaskSchedLatency Merge(IGrouping<string, TaskSchedLatency> threads)
    {
        if (threads.Count() == 1)
        {
            return threads.First();
        }

        var worst = threads.Where(thread => thread.Switches > 0).OrderByDescending(thread => thread.MaxDelayNs).ThenBy(thread => thread.MaxDelayStartNs).FirstOrDefault();
        return new TaskSchedLatency(
            threads.Key,
            Tid: null,
            threads.Count(),
            threads.Sum(thread => thread.RuntimeNs),
            threads.Sum(thread => thread.Switches),
            threads.Sum(thread => thread.TotalDelayNs),
            worst?.MaxDelayNs ?? 0,
            worst?.MaxDelayStartNs ?? 0,
            threads.Aggregate(default(DelaySum), (sum, thread) => sum.Merge(thread.Preempted)));
    }

    // perf's default sort keys: "avg, max, switch, runtime", each largest first.
    private static List<TaskSchedLatency> PerfOrder(IEnumerable<TaskSchedLatency> lines) =>
    [
        .. lines
            .OrderByDescending(line => line.AverageDelayNs)
            .ThenByDescending(line => line.MaxDelayNs)
            .ThenByDescending(line => line.Switches)
            .ThenByDescending(line => line.RuntimeNs)
            .ThenBy(line => line.Task, StringComparer.Ordinal)
            .ThenBy(line => line.Tid),
    ];

    /// <summary>
    /// Each thread's totals, in the order the threads are first seen, by a dense index (rows are
    /// many, threads few). <see cref="RunTimes"/> numbers every thread a switch row names, the only
    /// ones whose waits are summed; threads the waits' measurement numbers later (only woken) have none.
    /// </summary>
    private sealed class ThreadTotalsTable(ThreadIndex index)
    {
        public ThreadIndex Index => index;

        public int Count { get; private set; }

        public int[] Tids { get; private set; } = new int[64];

        public ThreadTotals[] Threads { get; private set; } = new ThreadTotals[64];

        public ref ThreadTotals Of(int tid)
        {
            var thread = index.Of(tid);
            if (thread > Count)
            {
                throw new InvalidOperationException($"thread {tid} was numbered after the run times, but has totals");
            }

            if (thread == Count)
            {
                if (thread == Tids.Length)
                {
                    Tids = [.. Tids, .. new int[thread]];
                    Threads = [.. Threads, .. new ThreadTotals[thread]];
                }

                Tids[thread] = tid;
                Threads[thread].Name = EventTable.NoTask;
                Count++;
            }

            return ref Threads[thread];
        }
    }

    /// <summary>
    /// Adds each wait to its thread's totals: the thread switched in by its switch row (a wait whose
    /// switch names no next task is left out, as a task selection leaves it out).
    /// </summary>
    private readonly struct SummingWaits(ThreadTotalsTable totals, EventTable events) : WaitMeasurement.IWaitSink
    {
        private readonly int[] nextPids = events.NextPid;
        private readonly int[] nextTasks = events.NextTask;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(long startNs, long switchedInNs, WaitCause cause, int switchRow, int wakeupRow)
        {
            if (nextTasks[switchRow] == EventTable.NoTask)
            {
                return;
            }

            ref var thread = ref totals.Of(nextPids[switchRow]);
            var delay = switchedInNs - startNs;
            if (cause == WaitCause.Preempted)
            {
                thread.Preempted = thread.Preempted.Add(delay);
                return;
            }

            thread.Switches++;
            thread.TotalDelayNs += delay;
            if (thread.Switches == 1 || delay > thread.MaxDelayNs)
            {
                thread.MaxDelayNs = delay;
                thread.MaxDelayStartNs = startNs;
            }
        }
    }

    /// <summary>What is summed for one thread; <see cref="Name"/> is an index into the capture's names.</summary>
    private struct ThreadTotals
    {
        public int Name;
        public long RuntimeNs;
        public long Switches;
        public long TotalDelayNs;
        public long MaxDelayNs;
        public long MaxDelayStartNs;
        public DelaySum Preempted;
    }
}
