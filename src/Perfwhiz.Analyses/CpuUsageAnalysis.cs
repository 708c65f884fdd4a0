using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>CPU usage vs context switches per selected task.</summary>
public static class CpuUsageAnalysis
{
    public static IReadOnlyList<TaskUsage> Compute(Run run, bool[] selected, bool severalRuns)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        var events = run.Capture.Events;
        var runTime = new long[run.Keys.Count];
        var switches = new long[run.Keys.Count];
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            var key = run.Keys.OfRow[row];
            if (events.Kind[row] == EventKind.Switch && selected[key])
            {
                runTime[key] += events.DurationNs[row];
                switches[key]++;
            }
        }

        var multiplier = run.Window.Multiplier;
        var windowNs = Math.Max(1, run.Window.LengthNs);
        return [.. run.Keys.Keys
            .Where(key => switches[key] > 0)
            .Select(key => new TaskUsage(
                run.DisplayName(key, severalRuns),
                run.ShortName,
                Math.Round(runTime[key] * multiplier * 100 / windowNs, 2),
                Math.Round(runTime[key] * multiplier / 1e6, 3),
                (long)(switches[key] * multiplier)))
            .OrderByDescending(usage => usage.CpuPercent)
            .ThenBy(usage => usage.Task, StringComparer.Ordinal)];
    }
}
