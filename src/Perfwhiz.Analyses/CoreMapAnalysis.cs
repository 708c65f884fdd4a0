using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>Core map: per selected task × core, run time % and switch count.</summary>
public static class CoreMapAnalysis
{
    /// <summary>The original always showed cores 0–31; larger machines show all their cores.</summary>
    public const int MinimumCoresShown = 32;

    public const int AllCores = -1;

    public static CoreMap Compute(Run run, bool[] selected, bool severalRuns)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        var events = run.Capture.Events;
        var highestCore = MinimumCoresShown - 1;
        for (var row = 0; row < events.Count; row++)
        {
            highestCore = Math.Max(highestCore, events.Cpu[row]);
        }

        var cores = highestCore + 1;
        // Per task key, allocated on the task's first switch: a lookup per row costs an array index.
        var runTime = new long[]?[run.Keys.Count];
        var switches = new long[]?[run.Keys.Count];
        var keys = run.Keys.OfRow;
        var kinds = events.Kind;
        var cpus = events.Cpu;
        var durations = events.DurationNs;
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            var key = keys[row];
            var cpu = cpus[row];
            if (kinds[row] != EventKind.Switch || !selected[key] || cpu < 0)
            {
                continue;
            }

            var taskRunTime = runTime[key] ??= new long[cores];
            var taskSwitches = switches[key] ??= new long[cores];
            taskRunTime[cpu] += durations[row];
            taskSwitches[cpu]++;
        }

        // A window reaching past the capture's end: shares are of the time the capture covers.
        var multiplier = run.Window.Multiplier;
        var windowNs = Math.Max(1, (long)(run.Window.LengthNs / multiplier));
        var seen = Enumerable.Range(0, runTime.Length).Where(key => runTime[key] is not null).ToList();
        var rows = seen
            .OrderBy(key => run.Keys.Name(key), StringComparer.Ordinal)
            .Select(key => Row(run.DisplayName(key, severalRuns), runTime[key]!, switches[key]!, windowNs, multiplier))
            .ToList();
        var allTaskRunTime = new long[cores];
        var allTaskSwitches = new long[cores];
        foreach (var key in seen)
        {
            for (var core = 0; core < cores; core++)
            {
                allTaskRunTime[core] += runTime[key]![core];
                allTaskSwitches[core] += switches[key]![core];
            }
        }

        var cells = rows.SelectMany(row => row.Cores).ToList();
        return new CoreMap(
            run.ShortName,
            highestCore,
            rows,
            Row("all tasks", allTaskRunTime, allTaskSwitches, windowNs, multiplier),
            cells.Count > 0 ? cells.Min(cell => cell.Switches) : 0,
            cells.Count > 0 ? cells.Max(cell => cell.Switches) : 0);
    }

    private static CoreMapRow Row(string task, long[] runTime, long[] switches, long windowNs, double multiplier)
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
