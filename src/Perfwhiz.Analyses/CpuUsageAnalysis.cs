using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>
/// CPU usage vs context switches: each selected task's run time and switch-outs in the window. The
/// idle task is left out: its time is the CPUs' idle time, not a task's use of them.
/// </summary>
public static class CpuUsageAnalysis
{
    /// <returns>The tasks that were switched out in the window, by key.</returns>
    public static IReadOnlyList<TaskTotals> Compute(Run run, bool[] selected)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        var events = run.Capture.Events;
        var runTime = new long[run.Keys.Count];
        var switches = new long[run.Keys.Count];
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            var key = run.Keys.OfRow[row];
            if (events.Kind[row] == EventKind.Switch && selected[key] && events.Pid[row] != EventTable.IdlePid)
            {
                runTime[key] += events.DurationNs[row];
                switches[key]++;
            }
        }

        return [.. run.Keys.Keys.Where(key => switches[key] > 0).Select(key => new TaskTotals(key, runTime[key], switches[key]))];
    }
}
