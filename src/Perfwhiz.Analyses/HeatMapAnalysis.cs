using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>The heat map series of each selected task of one run: every event, none thinned out, in no order.</summary>
public static class HeatMapAnalysis
{
    private const int NoRow = -1;

    private static readonly int KindCount = Enum.GetValues<EventKind>().Max(kind => (int)kind) + 1;

    public static IReadOnlyList<HeatMapSeries> Compute(Run run, bool[] selected)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        // The waits are measured on another core meanwhile: both only read the run.
        return Compute(run, selected, Task.Run(() => WakeupLatencyAnalysis.Measure(run, selected)));
    }

    /// <param name="run">The run.</param>
    /// <param name="selected">The tasks to draw, by key.</param>
    /// <param name="measuring">The waits of the run's tasks, the selected ones at least, being measured meanwhile
    /// (the timeline shares every task's); only the selected tasks' are kept.</param>
    public static IReadOnlyList<HeatMapSeries> Compute(Run run, bool[] selected, Task<TaskWaits> measuring)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentNullException.ThrowIfNull(measuring);
        var events = run.Capture.Events;
        var counts = CountByTaskAndKind(run, selected);
        // By key, keys in the order they first appear (the order of the tasks on the page); the
        // columns once, not a property per access: there is a row per event.
        var series = new HeatMapSeries?[selected.Length];
        var order = new List<int>();
        var keys = run.Keys.OfRow;
        var kinds = events.Kind;
        var times = events.TimeNs;
        var durations = events.DurationNs;
        var cpus = events.Cpu;
        var exitReasons = events.ExitReason;
        var lastSwitchByCpu = new List<int>();
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            if (kinds[row] == EventKind.Switch)
            {
                NoteSwitch(lastSwitchByCpu, cpus[row], row);
            }

            var key = keys[row];
            if (!selected[key])
            {
                continue;
            }

            var time = times[row];
            var duration = durations[row];
            var task = series[key] ??= NewSeries(key, counts[key]!, order);
            switch (kinds[row])
            {
                case EventKind.Switch:
                    task.Switches.Add(time, duration, cpus[row]);
                    break;
                case EventKind.StatSleep: task.Sleeps.Add(time, duration, 0); break;
                case EventKind.StatIowait: task.IoWaits.Add(time, duration, 0); break;
                case EventKind.KvmExit: task.KvmExits.Add(time, duration, exitReasons[row]); break;
                case EventKind.KvmEntry: task.KvmEntries.Add(time, duration, 0); break;
            }
        }

        AddStillRunning(run, series, order, lastSwitchByCpu, selected);
        AddWakeupLatencies(series, order, measuring.GetAwaiter().GetResult(), selected);
        return [.. order.Select(key => series[key]!)];
    }

    private static void NoteSwitch(List<int> lastSwitchByCpu, int cpu, int row)
    {
        if (cpu < 0)
        {
            return;
        }

        while (lastSwitchByCpu.Count <= cpu)
        {
            lastSwitchByCpu.Add(NoRow);
        }

        lastSwitchByCpu[cpu] = row;
    }

    /// <summary>A task the last switch on a core put on it was still running when the window ended (as the timeline ends its intervals).</summary>
    private static void AddStillRunning(Run run, HeatMapSeries?[] series, List<int> order, List<int> lastSwitchByCpu, bool[] selected)
    {
        var events = run.Capture.Events;
        var times = events.TimeNs;
        var endNs = run.RunningUntilNs;
        var running = lastSwitchByCpu
            .Select((row, cpu) => (Row: row, Cpu: cpu))
            .Where(last => last.Row != NoRow && events.NextPid[last.Row] != EventTable.IdlePid && run.Keys.OfNext[last.Row] is var key
                && key != TaskKeys.None && selected[key] && endNs > times[last.Row])
            .ToList();
        foreach (var byTask in running.GroupBy(last => run.Keys.OfNext[last.Row]))
        {
            var key = byTask.Key;
            var task = series[key] ??= NewSeries(key, new int[KindCount], order);
            series[key] = task = task with { StillRunning = new EventSeries(byTask.Count()) };
            foreach (var (row, cpu) in byTask)
            {
                task.StillRunning.Add(times[row], endNs - times[row], cpu);
            }
        }
    }

    private static HeatMapSeries NewSeries(int key, int[] count, List<int> order)
    {
        order.Add(key);
        return new HeatMapSeries(
            key,
            new(count[(int)EventKind.Switch]),
            new(count[(int)EventKind.StatSleep]),
            new(count[(int)EventKind.StatIowait]),
            new(count[(int)EventKind.KvmExit]),
            new(count[(int)EventKind.KvmEntry]),
            new(0),
            new(0));
    }

    /// <summary>Gives each task with waits its wakeup latency series, sized to them.</summary>
    private static void AddWakeupLatencies(HeatMapSeries?[] series, List<int> order, TaskWaits waits, bool[] selected)
    {
        var keys = waits.Keys;
        var counts = new int[selected.Length];
        var firstSeen = new List<int>();
        foreach (var key in keys)
        {
            if (selected[key] && counts[key]++ == 0)
            {
                firstSeen.Add(key);
            }
        }

        foreach (var key in firstSeen)
        {
            if (series[key] is { } task)
            {
                series[key] = task with { WakeupLatencies = new(counts[key]) };
            }
            else
            {
                series[key] = new HeatMapSeries(key, new(0), new(0), new(0), new(0), new(0), new(counts[key]), new(0));
                order.Add(key);
            }
        }

        var starts = waits.Starts;
        var delays = waits.Delays;
        for (var i = 0; i < keys.Length; i++)
        {
            if (selected[keys[i]])
            {
                series[keys[i]]!.WakeupLatencies.Add(starts[i], delays[i], 0);
            }
        }
    }

    /// <summary>Each selected task's number of rows of each kind, by key (null for a task without rows).</summary>
    private static int[]?[] CountByTaskAndKind(Run run, bool[] selected)
    {
        var counts = new int[]?[selected.Length];
        var kinds = run.Capture.Events.Kind;
        var keys = run.Keys.OfRow;
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            var key = keys[row];
            if (selected[key])
            {
                (counts[key] ??= new int[KindCount])[(int)kinds[row]]++;
            }
        }

        return counts;
    }
}
