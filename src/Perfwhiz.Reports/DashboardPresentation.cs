using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Reports.Json;

namespace Perfwhiz.Reports;

/// <summary>
/// The one place where the analyses' facts (ns, counts, task keys) become what a dashboard shows:
/// task names (with the run's name when several runs are compared), counts scaled to the window,
/// units and rounding, cores shown, exit reason names, and the order of rows.
/// </summary>
internal sealed class DashboardPresentation(IReadOnlyList<Run> runs)
{
    /// <summary>The original always showed cores 0–31; larger machines show all their cores.</summary>
    private const int MinimumCoresShown = 32;

    private const int AllCores = -1;

    private bool Several => runs.Count > 1;

    public IEnumerable<TaskUsage> CpuUsage(Run run, IReadOnlyList<TaskTotals> totals)
    {
        var multiplier = run.Window.Multiplier;
        var windowNs = Math.Max(1, run.Window.LengthNs);
        return totals
            .Select(task => new TaskUsage(
                TaskName(run, task.Key),
                run.ShortName,
                Math.Round(task.RunTimeNs * multiplier * 100 / windowNs, 2),
                Math.Round(task.RunTimeNs * multiplier / 1e6, 3),
                (long)(task.Switches * multiplier),
                Math.Round(task.Switches * multiplier * 1e9 / windowNs, 1),
                Several ? run.Keys.Name(task.Key) : null))
            .OrderByDescending(usage => usage.CpuPercent)
            .ThenBy(usage => usage.Task, StringComparer.Ordinal);
    }

    public CoreMap CoreMap(Run run, CoreTotals totals)
    {
        // A window reaching past the capture's end: shares are of the time the capture covers.
        var multiplier = run.Window.Multiplier;
        var windowNs = Math.Max(1, (long)(run.Window.LengthNs / multiplier));
        var rows = totals.Tasks
            .OrderBy(task => run.Keys.Name(task.Key), StringComparer.Ordinal)
            .Select(task => CoreMapRow(TaskName(run, task.Key), task.RunTimeNs, task.Switches, windowNs, multiplier))
            .ToList();
        var cores = totals.HighestCore + 1;
        var allTaskRunTime = new long[cores];
        var allTaskSwitches = new long[cores];
        foreach (var task in totals.Tasks)
        {
            for (var core = 0; core < cores; core++)
            {
                allTaskRunTime[core] += task.RunTimeNs[core];
                allTaskSwitches[core] += task.Switches[core];
            }
        }

        var cells = rows.SelectMany(row => row.Cores).ToList();
        return new CoreMap(
            run.ShortName,
            Math.Max(MinimumCoresShown - 1, totals.HighestCore),
            rows,
            CoreMapRow("all tasks", allTaskRunTime, allTaskSwitches, windowNs, multiplier),
            cells.Count > 0 ? cells.Min(cell => cell.Switches) : 0,
            cells.Count > 0 ? cells.Max(cell => cell.Switches) : 0);
    }

    /// <param name="perRun">Each run's exit counts, in the order of the runs.</param>
    public KvmExitReport KvmExits(IReadOnlyList<IReadOnlyList<TaskExitCounts>> perRun)
    {
        var codes = perRun.SelectMany(tasks => tasks.SelectMany(task => task.ByReason.Keys)).Distinct().Order().ToList();
        var tasks = new List<TaskKvmExits>();
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            foreach (var task in perRun[i].OrderBy(task => run.Keys.Name(task.Key), StringComparer.Ordinal))
            {
                var counts = codes.Select(code => (long)(task.ByReason.GetValueOrDefault(code) * run.Window.Multiplier)).ToList();
                tasks.Add(new TaskKvmExits(TaskName(run, task.Key), run.ShortName, counts, counts.Sum()));
            }
        }

        return new KvmExitReport(Reasons(codes), tasks);
    }

    /// <summary>The exit reasons the heat maps' KVM exits name, for their legend.</summary>
    public KvmExitReport KvmExitReasons(IReadOnlyList<TaskHeatMap> heatMaps)
    {
        var codes = new SortedSet<uint>();
        foreach (var task in heatMaps)
        {
            foreach (var code in task.KvmExits.Counted.Values)
            {
                codes.Add((uint)code);
            }
        }

        return new KvmExitReport(Reasons(codes), []);
    }

    public IEnumerable<TaskWakeupLatency> WakeupLatency(Run run, IReadOnlyList<WakeupLatencySummary> summaries) =>
        summaries
            .Select(task => new TaskWakeupLatency(
                TaskName(run, task.Key),
                run.ShortName,
                task.Count,
                Math.Round(task.TotalNs / (double)task.Count / 1e3, 3),
                TimedSeries.Microseconds(task.P50Ns),
                TimedSeries.Microseconds(task.P95Ns),
                TimedSeries.Microseconds(task.P99Ns),
                TimedSeries.Microseconds(task.MaxNs),
                TimedSeries.Milliseconds(task.MaxStartNs),
                TimedSeries.Milliseconds(task.MaxStartNs + task.MaxNs),
                Histogram(task.Histogram),
                Several ? run.Keys.Name(task.Key) : null))
            .OrderByDescending(latency => latency.MaxUs)
            .ThenBy(latency => latency.Task, StringComparer.Ordinal);

    public static IReadOnlyList<TaskHeatMap> HeatMaps(Run run, IReadOnlyList<HeatMapSeries> series) =>
        [.. series
            .Select(task => new TaskHeatMap(
                run.Keys.Name(task.Key),
                task.Switches.Count + task.Sleeps.Count + task.IoWaits.Count + task.KvmExits.Count + task.KvmEntries.Count + task.WakeupLatencies.Count,
                new(task.Switches), new(task.Sleeps), new(task.IoWaits), new(task.KvmExits), new(task.KvmEntries), new(task.WakeupLatencies), new(task.StillRunning)))
            .OrderBy(task => task.Task, StringComparer.Ordinal)];

    /// <summary>The timeline's threads, named and sorted by task then tid, and each CPU's intervals pointing into them.</summary>
    public static CpuTimeline Timeline(Run run, IReadOnlyList<CpuIntervals> cpus)
    {
        // (key, tid) pairs as one long: there are two lookups per interval, millions of them, of a
        // few hundred threads, so a pair just added is passed over without asking the set.
        var pairs = new HashSet<long>();
        var added = new PairCache<bool>();
        foreach (var cpu in cpus)
        {
            var keys = cpu.Keys;
            var tids = cpu.Tids;
            var wakerKeys = cpu.WakerKeys;
            var wakerTids = cpu.WakerTids;
            for (var i = 0; i < keys.Length; i++)
            {
                Add(pairs, added, Pair(keys[i], tids[i]));
                if (wakerKeys[i] != TaskKeys.None)
                {
                    Add(pairs, added, Pair(wakerKeys[i], wakerTids[i]));
                }
            }
        }

        var threads = pairs.Select(pair => (Key: (int)(pair >> 32), Tid: (int)pair))
            .Select(pair => (pair.Key, pair.Tid, Name: run.Keys.Name(pair.Key)))
            .OrderBy(thread => thread.Name, StringComparer.Ordinal).ThenBy(thread => thread.Tid).ToList();
        var indexOf = new Dictionary<long, int>(threads.Count);
        for (var i = 0; i < threads.Count; i++)
        {
            indexOf[Pair(threads[i].Key, threads[i].Tid)] = i;
        }

        // Each CPU's rows on any core: they only read indexOf.
        var rows = new CpuTimelineRow[cpus.Count];
        Parallel.For(0, cpus.Count, c =>
        {
            var cpu = cpus[c];
            var keys = cpu.Keys;
            var tids = cpu.Tids;
            var wakerKeys = cpu.WakerKeys;
            var wakerTids = cpu.WakerTids;
            var threadIndexes = new int[keys.Length];
            var wakerIndexes = new int[keys.Length];
            var found = new PairCache<int>();
            for (var i = 0; i < keys.Length; i++)
            {
                threadIndexes[i] = IndexOf(indexOf, found, Pair(keys[i], tids[i]));
                wakerIndexes[i] = wakerKeys[i] == TaskKeys.None ? CpuTimelineRow.None : IndexOf(indexOf, found, Pair(wakerKeys[i], wakerTids[i]));
            }

            rows[c] = new CpuTimelineRow(cpu, threadIndexes, wakerIndexes);
        });
        return new CpuTimeline([.. threads.Select(thread => new TimelineThread(thread.Name, thread.Tid))], rows);
    }

    private static long Pair(int key, int tid) => ((long)key << 32) | (uint)tid;

    private static void Add(HashSet<long> pairs, PairCache<bool> added, long pair)
    {
        ref var slot = ref added.Slot(pair);
        if (slot.Pair != pair)
        {
            pairs.Add(pair);
            slot = (pair, true);
        }
    }

    private static int IndexOf(Dictionary<long, int> indexOf, PairCache<int> found, long pair)
    {
        ref var slot = ref found.Slot(pair);
        if (slot.Pair != pair)
        {
            slot = (pair, indexOf[pair]);
        }

        return slot.Value;
    }

    private string TaskName(Run run, int key) => Several ? $"{run.Keys.Name(key)}.{run.ShortName}" : run.Keys.Name(key);

    private List<ExitReason> Reasons(IEnumerable<uint> codes) =>
        [.. codes.Select(code => new ExitReason(code, ExitReasonNames.Of(code, runs.Select(run => run.Capture.Info))))];

    private static LatencyHistogram Histogram(long[] counts)
    {
        var buckets = Enumerable.Range(0, counts.Length).Where(bucket => counts[bucket] > 0).ToList();
        return new LatencyHistogram(
            [.. buckets.Select(bucket => Math.Round(LatencyBuckets.LowerNs(bucket) / 1e3, 3))],
            [.. buckets.Select(bucket => Math.Round(LatencyBuckets.UpperNs(bucket) / 1e3, 3))],
            [.. buckets.Select(bucket => counts[bucket])]);
    }

    private static CoreMapRow CoreMapRow(string task, long[] runTime, long[] switches, long windowNs, double multiplier)
    {
        var cells = new List<CoreCell>();
        for (var core = 0; core < runTime.Length; core++)
        {
            if (switches[core] > 0)
            {
                cells.Add(new CoreCell(core, Percent(runTime[core], windowNs), (long)(switches[core] * multiplier)));
            }
        }

        // All cores: the task's run time as % of one core, like the CPU usage chart.
        var all = new CoreCell(AllCores, Percent(runTime.Sum(), windowNs), (long)(switches.Sum() * multiplier));
        return new CoreMapRow(task, cells, all);
    }

    private static double Percent(long runTimeNs, long windowNs) => Math.Round(runTimeNs * 100.0 / windowNs, 2);
}
