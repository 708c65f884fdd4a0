using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Events.Table;

namespace Perfwhiz.Analyses;

/// <summary>The heat map series of each selected task of one run: every event, none thinned out.</summary>
public static class HeatMapAnalysis
{
    public static IReadOnlyList<HeatMapSeries> Compute(Run run, bool[] selected)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        var events = run.Capture.Events;
        var series = new Dictionary<int, HeatMapSeries>();
        HeatMapSeries Of(int key)
        {
            if (!series.TryGetValue(key, out var task))
            {
                series[key] = task = new HeatMapSeries(run.Keys.Name(key), new(), new(), new(), new(), new(), new(), new());
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

        var waits = WakeupLatencyAnalysis.Measure(run, selected);
        for (var i = 0; i < waits.Count; i++)
        {
            Of(waits.Keys[i]).WakeupLatencies.Add(waits.Starts[i], waits.Delays[i], 0);
        }

        return [.. series.Values.OrderBy(task => task.Task, StringComparer.Ordinal)];
    }
}
