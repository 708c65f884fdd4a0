using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>Core map: per selected task × core, run time and switch-outs in the window (the idle task left out, as in CPU usage).</summary>
public static class CoreMapAnalysis
{
    public static CoreTotals Compute(Run run, bool[] selected)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        var events = run.Capture.Events;
        var highestCore = -1;
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
        var pids = events.Pid;
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            var key = keys[row];
            var cpu = cpus[row];
            if (kinds[row] != EventKind.Switch || !selected[key] || cpu < 0 || pids[row] == EventTable.IdlePid)
            {
                continue;
            }

            var taskRunTime = runTime[key] ??= new long[cores];
            var taskSwitches = switches[key] ??= new long[cores];
            taskRunTime[cpu] += durations[row];
            taskSwitches[cpu]++;
        }

        return new CoreTotals(
            highestCore,
            [.. Enumerable.Range(0, runTime.Length).Where(key => runTime[key] is not null).Select(key => new TaskCoreTotals(key, runTime[key]!, switches[key]!))]);
    }
}
