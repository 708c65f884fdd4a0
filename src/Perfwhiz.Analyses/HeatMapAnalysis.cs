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
        var events = run.Capture.Events;
        // The waits are measured on another core meanwhile: both only read the run.
        var measuring = Task.Run(() => WakeupLatencyAnalysis.Measure(run, selected));
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

        AddWakeupLatencies(series, measuring.GetAwaiter().GetResult());
        return [.. series.Values];
    }

    /// <summary>Gives each task with waits its wakeup latency series, sized to them.</summary>
    private static void AddWakeupLatencies(Dictionary<int, HeatMapSeries> series, TaskWaits waits)
    {
        foreach (var (key, count) in CountByTask(waits.Keys))
        {
            series[key] = series.TryGetValue(key, out var task)
                ? task with { WakeupLatencies = new(count) }
                : new HeatMapSeries(key, new(0), new(0), new(0), new(0), new(0), new(count));
        }

        for (var i = 0; i < waits.Count; i++)
        {
            series[waits.Keys[i]].WakeupLatencies.Add(waits.Starts[i], waits.Delays[i], 0);
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

    private static Dictionary<int, int> CountByTask(ReadOnlySpan<int> keys)
    {
        var counts = new Dictionary<int, int>();
        foreach (var key in keys)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }
}
