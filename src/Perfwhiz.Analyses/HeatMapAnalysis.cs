using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Events.Table;

namespace Perfwhiz.Analyses;

/// <summary>The heat map series of each selected task of one run: every event, none thinned out.</summary>
public static class HeatMapAnalysis
{
    // The counts' slot for wakeup latencies, after every event kind's.
    private static readonly int WakeupSlot = Enum.GetValues<EventKind>().Max(kind => (int)kind) + 1;

    public static IReadOnlyList<HeatMapSeries> Compute(Run run, bool[] selected)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        var events = run.Capture.Events;
        var waits = WakeupLatencyAnalysis.Measure(run, selected);
        var counts = CountByTaskAndKind(run, selected, waits);
        var series = new Dictionary<int, HeatMapSeries>();
        HeatMapSeries Of(int key)
        {
            if (!series.TryGetValue(key, out var task))
            {
                var count = counts[key];
                var switches = count[(int)EventKind.Switch];
                series[key] = task = new HeatMapSeries(
                    run.Keys.Name(key),
                    new(switches),
                    new(count[(int)EventKind.StatSleep]),
                    new(count[(int)EventKind.StatIowait]),
                    new(count[(int)EventKind.KvmExit]),
                    new(count[(int)EventKind.KvmEntry]),
                    new(switches),
                    new(count[WakeupSlot]));
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
                    // It ran on this core from (switch out − run time) to the switch out.
                    task.CoreSpans.Add(time - duration, duration, events.Cpu[row]);
                    break;
                case EventKind.StatSleep: task.Sleeps.Add(time, duration, 0); break;
                case EventKind.StatIowait: task.IoWaits.Add(time, duration, 0); break;
                case EventKind.KvmExit: task.KvmExits.Add(time, duration, events.ExitReason[row]); break;
                case EventKind.KvmEntry: task.KvmEntries.Add(time, duration, 0); break;
            }
        }

        for (var i = 0; i < waits.Count; i++)
        {
            Of(waits.Keys[i]).WakeupLatencies.Add(waits.Starts[i], waits.Delays[i], 0);
        }

        return [.. series.Values.OrderBy(task => task.Task, StringComparer.Ordinal)];
    }

    /// <summary>Each selected task's number of rows of each kind, and of wakeup latencies in the last slot.</summary>
    private static Dictionary<int, int[]> CountByTaskAndKind(Run run, bool[] selected, TaskWaits waits)
    {
        var counts = new Dictionary<int, int[]>();
        int[] Of(int key)
        {
            if (!counts.TryGetValue(key, out var count))
            {
                counts[key] = count = new int[WakeupSlot + 1];
            }

            return count;
        }

        var kinds = run.Capture.Events.Kind;
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            var key = run.Keys.OfRow[row];
            if (selected[key])
            {
                Of(key)[(int)kinds[row]]++;
            }
        }

        for (var i = 0; i < waits.Count; i++)
        {
            Of(waits.Keys[i])[WakeupSlot]++;
        }

        return counts;
    }
}
