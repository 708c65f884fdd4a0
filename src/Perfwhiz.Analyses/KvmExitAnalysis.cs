using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>KVM exit types per selected task, across one or several runs.</summary>
public static class KvmExitAnalysis
{
    public static KvmExitReport Compute(IReadOnlyList<Run> runs, IReadOnlyList<bool[]> selected)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(selected);
        var perRun = runs.Select((run, index) => Count(run, selected[index])).ToList();
        var codes = perRun.SelectMany(counts => counts.Values.SelectMany(byReason => byReason.Keys)).Distinct().Order().ToList();
        var reasons = codes.Select(code => new ExitReason(code, ExitReasonNames.Of(code, runs.Select(run => run.Capture.Info)))).ToList();
        var tasks = new List<TaskKvmExits>();
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            foreach (var (key, byReason) in perRun[i].OrderBy(pair => run.Keys.Name(pair.Key), StringComparer.Ordinal))
            {
                var counts = codes.Select(code => (long)(byReason.GetValueOrDefault(code) * run.Window.Multiplier)).ToList();
                tasks.Add(new TaskKvmExits(run.DisplayName(key, runs.Count > 1), run.ShortName, counts, counts.Sum()));
            }
        }

        return new KvmExitReport(reasons, tasks);
    }

    private static Dictionary<int, Dictionary<uint, long>> Count(Run run, bool[] selected)
    {
        var events = run.Capture.Events;
        var counts = new Dictionary<int, Dictionary<uint, long>>();
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

        return counts;
    }
}
