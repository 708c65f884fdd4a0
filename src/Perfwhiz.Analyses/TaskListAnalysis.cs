using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;

namespace Perfwhiz.Analyses;

/// <summary>Every (tid, task) of a run with its event count in the window, most events first.</summary>
public static class TaskListAnalysis
{
    public static IReadOnlyList<TaskEventCount> Compute(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var pids = run.Capture.Events.Pid;
        var counts = new Dictionary<(int Tid, int Key), long>();
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            var pair = (pids[row], run.Keys.OfRow[row]);
            counts[pair] = counts.GetValueOrDefault(pair) + 1;
        }

        return [.. counts
            .Select(pair => new TaskEventCount(pair.Key.Tid, run.Keys.Name(pair.Key.Key), pair.Value))
            .OrderByDescending(task => task.Events)
            .ThenBy(task => task.Task, StringComparer.Ordinal)
            .ThenBy(task => task.Tid)];
    }
}
