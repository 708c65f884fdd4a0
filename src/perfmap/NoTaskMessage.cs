using System.Globalization;
using Perfwhiz.Analyses.Selection;

namespace Perfwhiz.Perfmap;

/// <summary>
/// What perfmap says when a task is not found: names that are close, or the regex that would have
/// matched, or that there are none; never an empty list. The text is raw: the error sink escapes it.
/// </summary>
internal static class NoTaskMessage
{
    public static string ForSelection(IReadOnlyList<Run> runs, TaskFilter filter)
    {
        if (filter.Tid is { } tid)
        {
            return $"no task has the tid {tid.ToString(CultureInfo.InvariantCulture)} (perfmap --list shows the tids)";
        }

        var names = runs.SelectMany(NamesOf).Distinct(StringComparer.Ordinal).ToList();
        var message = $"no task matches '{filter.Text}'";
        if (!filter.Text.StartsWith(".*", StringComparison.Ordinal))
        {
            // The regex is matched at the start of a name: a match further in is the likely intent.
            var anywhere = TaskFilter.Parse("*" + filter.Text);
            var inside = names.Where(anywhere.Matches).Order(StringComparer.Ordinal).ToList();
            if (inside.Count > 0)
            {
                return $"{message} (the regex is matched at the start of task names); '*{filter.Text}' selects {List(inside)}";
            }
        }

        return $"{message}; {Suggestions(names, filter.Text)}";
    }

    /// <summary>Why --successors-of found nothing: an unknown task, or one that never switched out in the window.</summary>
    public static string ForSuccessors(Run run, string task)
    {
        var isTid = int.TryParse(task, NumberStyles.None, CultureInfo.InvariantCulture, out var tid);
        var events = run.Capture.Events;
        var known = isTid
            ? events.Pid.AsSpan(0, events.Count).Contains(tid)
            : NamesOf(run).Contains(task, StringComparer.Ordinal);
        if (known)
        {
            return $"{run.File}: '{task}' never switched out in the analysed window (only KVM events, or it did not run): it has no successors";
        }

        return isTid
            ? $"{run.File}: no task has the tid {task} (perfmap --list shows the tids)"
            : $"{run.File}: no task named '{task}'; {Suggestions(NamesOf(run).ToList(), task)}";
    }

    private static string Suggestions(List<string> names, string typed)
    {
        var closest = TaskSelection.Closest(names, typed);
        return closest.Count > 0
            ? $"closest task names: {string.Join(", ", closest)}"
            : names.Count > 0 ? "no task name is close (perfmap --list shows them all)" : "the capture holds no task";
    }

    private static string List(List<string> names) =>
        string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : string.Empty);

    private static IEnumerable<string> NamesOf(Run run) => run.Keys.Keys.Select(run.Keys.Name);
}
