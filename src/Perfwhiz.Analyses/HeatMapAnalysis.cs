using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>The heat map series of each selected task of one run: every event, none thinned out, in no order.</summary>
public static class HeatMapAnalysis
{
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
        var series = new Dictionary<int, HeatMapSeries>();
        HeatMapSeries Of(int key)
        {
            if (!series.TryGetValue(key, out var task))
            {
                var count = counts[key];
                series[key] = task = new HeatMapSeries(
                    key,
                    new(count[(int)EventKind.Switch]),
                    new(count[(int)EventKind.StatSleep]),
                    new(count[(int)EventKind.StatIowait]),
                    new(count[(int)EventKind.KvmExit]),
                    new(count[(int)EventKind.KvmEntry]),
                    new(0));
            }

            return task;
        }

        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            var key = run.Keys.OfRow[row];
            if (!selected[key])
            {
                continue;
            }

            var time = events.TimeNs[row];
            var duration = events.DurationNs[row];
            var task = Of(key);
            switch (events.Kind[row])
            {
                case EventKind.Switch:
                    task.Switches.Add(time, duration, events.Cpu[row]);
                    break;
                case EventKind.StatSleep: task.Sleeps.Add(time, duration, 0); break;
                case EventKind.StatIowait: task.IoWaits.Add(time, duration, 0); break;
                case EventKind.KvmExit: task.KvmExits.Add(time, duration, events.ExitReason[row]); break;
                case EventKind.KvmEntry: task.KvmEntries.Add(time, duration, 0); break;
            }
        }

        AddWakeupLatencies(series, measuring.GetAwaiter().GetResult(), selected);
        return [.. series.Values];
    }

    /// <summary>Gives each task with waits its wakeup latency series, sized to them.</summary>
    private static void AddWakeupLatencies(Dictionary<int, HeatMapSeries> series, TaskWaits waits, bool[] selected)
    {
        foreach (var (key, count) in CountByTask(waits.Keys, selected))
        {
            series[key] = series.TryGetValue(key, out var task)
                ? task with { WakeupLatencies = new(count) }
                : new HeatMapSeries(key, new(0), new(0), new(0), new(0), new(0), new(count));
        }

        var keys = waits.Keys;
        var starts = waits.Starts;
        var delays = waits.Delays;
        for (var i = 0; i < keys.Length; i++)
        {
            if (selected[keys[i]])
            {
                series[keys[i]].WakeupLatencies.Add(starts[i], delays[i], 0);
            }
        }
    }

    /// <summary>Each selected task's number of rows of each kind.</summary>
    private static Dictionary<int, int[]> CountByTaskAndKind(Run run, bool[] selected)
    {
        var counts = new Dictionary<int, int[]>();
        var kinds = run.Capture.Events.Kind;
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            var key = run.Keys.OfRow[row];
            if (selected[key])
            {
                if (!counts.TryGetValue(key, out var count))
                {
                    counts[key] = count = new int[KindCount];
                }

                count[(int)kinds[row]]++;
            }
        }

        return counts;
    }

    private static Dictionary<int, int> CountByTask(ReadOnlySpan<int> keys, bool[] selected)
    {
        var counts = new Dictionary<int, int>();
        foreach (var key in keys)
        {
            if (selected[key])
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }
}
