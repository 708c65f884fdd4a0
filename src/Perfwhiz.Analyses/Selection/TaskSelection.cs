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

    /// <summary>
    /// The task names closest to what the user typed, for "no task matches" messages: a name counts
    /// by how far its closest prefix is (the regex is matched at the start of names, so 'routr' is
    /// one edit from 'router.01.vcpu0'), and only names within half the typed length of edits.
    /// </summary>
    public static IReadOnlyList<string> Closest(IEnumerable<string> names, string typed, int count = 5)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var limit = Math.Max(1, typed.Length / 2);
        return [.. names.Distinct(StringComparer.Ordinal)
            .Select(name => (Name: name, Prefix: EditDistance.ToPrefix(name, typed)))
            .Where(candidate => candidate.Prefix <= limit)
            .OrderBy(candidate => candidate.Prefix)
            .ThenBy(candidate => EditDistance.Between(candidate.Name, typed))
            .ThenBy(candidate => candidate.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(candidate => candidate.Name)];
    }
}
