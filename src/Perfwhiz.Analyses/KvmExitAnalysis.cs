using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>KVM exits per selected task and exit reason code in the window.</summary>
public static class KvmExitAnalysis
{
    /// <returns>The tasks with exits in the window, by key.</returns>
    public static IReadOnlyList<TaskExitCounts> Compute(Run run, bool[] selected)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        var events = run.Capture.Events;
        var counts = new SortedDictionary<int, Dictionary<uint, long>>();
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            var key = run.Keys.OfRow[row];
            if (events.Kind[row] == EventKind.KvmExit && selected[key])
            {
                if (!counts.TryGetValue(key, out var byReason))
                {
                    counts[key] = byReason = [];
                }

                byReason[events.ExitReason[row]] = byReason.GetValueOrDefault(events.ExitReason[row]) + 1;
            }
        }

        return [.. counts.Select(pair => new TaskExitCounts(pair.Key, pair.Value))];
    }
}
