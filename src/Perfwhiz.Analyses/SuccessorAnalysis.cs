using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>Which tasks ran next on the same core after a given task (a tid or an exact task name).</summary>
public static class SuccessorAnalysis
{
    /// <returns>The task's full name ("name:tid") and its successors, most frequent first; null when no task matches.</returns>
    public static (string Task, IReadOnlyList<Successor> Successors)? Compute(Run run, string task)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(task);
        var events = run.Capture.Events;
        int? tid = int.TryParse(task, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        string? found = null;
        var merge = new TaskNaming(MergeSystemTasks: true);
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            if (events.Kind[row] != EventKind.Switch)
            {
                continue;
            }

            var name = run.Keys.Name(run.Keys.OfRow[row]);
            if (tid is null ? name != task : events.Pid[row] != tid)
            {
                continue;
            }

            found ??= $"{name}:{events.Pid[row]}";
            // Per-core system tasks count as one successor (swapper/0, swapper/1 → swapper).
            // A switch row of an old cdict may lack the next task's name (nil): it counts as perf names those.
            var nextKey = run.Keys.OfNext[row];
            var next = merge.Apply(nextKey == TaskKeys.None ? TaskKeys.UnnamedTask : run.Keys.Name(nextKey), events.NextPid[row]);
            counts[next] = counts.GetValueOrDefault(next) + 1;
        }

        if (found is null)
        {
            return null;
        }

        var total = counts.Values.Sum();
        return (found, [.. counts
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new Successor(pair.Key, pair.Value, Math.Round(pair.Value * 100.0 / total, 2)))]);
    }
}
