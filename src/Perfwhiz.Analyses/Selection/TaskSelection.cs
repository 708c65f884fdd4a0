namespace Perfwhiz.Analyses.Selection;

/// <summary>Which task keys of a run a <see cref="TaskFilter"/> selects.</summary>
public static class TaskSelection
{
    public static bool[] Select(Run run, TaskFilter filter)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(filter);
        var keys = run.Keys;
        var selected = new bool[keys.Count];
        if (filter.Tid is { } tid)
        {
            // A thread id selects the task its rows belong to, under whatever name it had.
            var pids = run.Capture.Events.Pid;
            for (var row = 0; row < run.Capture.Events.Count; row++)
            {
                if (pids[row] == tid)
                {
                    selected[keys.OfRow[row]] = true;
                }
            }

            return selected;
        }

        foreach (var key in keys.Keys)
        {
            selected[key] = filter.Matches(keys.Name(key));
        }

        return selected;
    }

    /// <summary>The task names closest to what the user typed, for "no task matches" messages.</summary>
    public static IReadOnlyList<string> Closest(IEnumerable<string> names, string typed, int count = 5) =>
        [.. names.Distinct(StringComparer.Ordinal)
            .OrderBy(name => EditDistance(name, typed))
            .ThenBy(name => name, StringComparer.Ordinal)
            .Take(count)];

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
