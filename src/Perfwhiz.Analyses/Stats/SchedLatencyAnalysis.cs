using System.Runtime.InteropServices;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses.Stats;

/// <summary>
/// The figures of <c>perf sched latency</c>, from a capture: a thread's run time is the sum of its
/// switch rows' (sched_stat_runtime, as perf's), its waits for a CPU are those
/// <see cref="WakeupLatencyAnalysis.Measure"/> finds. As perf, a thread goes by its last name, and the
/// idle task and the threads without a measured wait are left out (of TOTAL too). Unlike perf 6.1,
/// a wait that starts with a preemption ("R+") is measured: the task was runnable all along.
/// </summary>
public static class SchedLatencyAnalysis
{
    private const int IdleTid = 0;

    public static SchedLatencyStats Compute(Capture capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var totals = new Dictionary<int, ThreadTotals>();
        var events = capture.Events;
        for (var row = 0; row < events.Count; row++)
        {
            if (events.Kind[row] == EventKind.Switch)
            {
                ref var switchedOut = ref Totals(totals, events.Pid[row]);
                switchedOut.RuntimeNs += events.DurationNs[row];
                switchedOut.Name = events.Task[row];
                Totals(totals, events.NextPid[row]).Name = events.NextTask[row];
            }
        }

        // Keyed per thread, so that each wait names its thread.
        var keys = TaskKeys.Build(capture, new TaskNaming(AppendTid: true));
        var run = new Run(string.Empty, string.Empty, capture, keys, new AnalysisWindow(0, long.MaxValue, 1.0));
        var waits = WakeupLatencyAnalysis.Measure(run, Enumerable.Repeat(true, keys.Count).ToArray());
        for (var i = 0; i < waits.Count; i++)
        {
            ref var thread = ref Totals(totals, keys.FirstTid(waits.Keys[i]));
            var delay = waits.Delays[i];
            thread.Switches++;
            thread.TotalDelayNs += delay;
            if (thread.Switches == 1 || delay > thread.MaxDelayNs)
            {
                thread.MaxDelayNs = delay;
                thread.MaxDelayStartNs = waits.Starts[i];
            }
        }

        var threads = totals
            .Where(pair => pair.Key != IdleTid && pair.Value.Switches > 0)
            .Select(pair => new TaskSchedLatency(
                pair.Value.Name >= 0 ? capture.Names[pair.Value.Name] : TaskKeys.UnnamedTask,
                pair.Key,
                Threads: 1,
                pair.Value.RuntimeNs,
                pair.Value.Switches,
                pair.Value.TotalDelayNs,
                pair.Value.MaxDelayNs,
                pair.Value.MaxDelayStartNs))
            .ToList();
        var tasks = threads.GroupBy(thread => thread.Task, StringComparer.Ordinal).Select(Merge);
        return new SchedLatencyStats(PerfOrder(tasks), PerfOrder(threads), threads.Sum(thread => thread.RuntimeNs), threads.Sum(thread => thread.Switches));
    }

    private static ref ThreadTotals Totals(Dictionary<int, ThreadTotals> totals, int tid)
    {
        ref var thread = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, tid, out var known);
        if (!known)
        {
            thread.Name = EventTable.NoTask;
        }

        return ref thread;
    }

    private static TaskSchedLatency Merge(IGrouping<string, TaskSchedLatency> threads)
    {
        if (threads.Count() == 1)
        {
            return threads.First();
        }

        var worst = threads.OrderByDescending(thread => thread.MaxDelayNs).ThenBy(thread => thread.MaxDelayStartNs).First();
        return new TaskSchedLatency(
            threads.Key,
            Tid: null,
            threads.Count(),
            threads.Sum(thread => thread.RuntimeNs),
            threads.Sum(thread => thread.Switches),
            threads.Sum(thread => thread.TotalDelayNs),
            worst.MaxDelayNs,
            worst.MaxDelayStartNs);
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

    /// <summary>What is summed for one thread; <see cref="Name"/> is an index into the capture's names.</summary>
    private struct ThreadTotals
    {
        public int Name;
        public long RuntimeNs;
        public long Switches;
        public long TotalDelayNs;
        public long MaxDelayNs;
        public long MaxDelayStartNs;
    }
}
