using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Events.Table;

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
        var runTime = new Dictionary<int, long[]>();
        var switches = new Dictionary<int, long[]>();
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            var key = run.Keys.OfRow[row];
            if (events.Kind[row] != EventKind.Switch || !selected[key] || events.Cpu[row] < 0)
            {
                continue;
            }

            if (!runTime.TryGetValue(key, out var taskRunTime))
            {
                runTime[key] = taskRunTime = new long[cores];
                switches[key] = new long[cores];
            }

            taskRunTime[events.Cpu[row]] += events.DurationNs[row];
            switches[key][events.Cpu[row]]++;
        }

        // A window reaching past the capture's end: shares are of the time the capture covers.
        var multiplier = run.Window.Multiplier;
        var windowNs = Math.Max(1, (long)(run.Window.LengthNs / multiplier));
        var rows = runTime.Keys
            .OrderBy(key => run.Keys.Name(key), StringComparer.Ordinal)
            .Select(key => Row(run.DisplayName(key, severalRuns), runTime[key], switches[key], windowNs, multiplier))
            .ToList();
        var allTaskRunTime = new long[cores];
        var allTaskSwitches = new long[cores];
        foreach (var key in runTime.Keys)
        {
            for (var core = 0; core < cores; core++)
            {
                allTaskRunTime[core] += runTime[key][core];
                allTaskSwitches[core] += switches[key][core];
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
