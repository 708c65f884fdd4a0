using System.Globalization;

namespace Perfwhiz.Analyses.Selection;

/// <summary>
/// The <c>-t/--task</c> selection: a number selects a thread id, anything else is a regular
/// expression matched at the start of the task name (as Python's re.match, the original's).
/// A leading <c>*</c> (a common slip for <c>.*</c>) is read as <c>.*</c>.
/// </summary>
public sealed class TaskFilter
{
    private readonly UserRegex? regex;
    private readonly int? tid;

    private TaskFilter(string text, UserRegex? regex, int? tid)
    {
        Text = text;
        this.regex = regex;
        this.tid = tid;
    }

    /// <summary>The selection as the user gave it, after the <c>*</c> fix.</summary>
    public string Text { get; }

    public static TaskFilter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var tid))
        {
            return new TaskFilter(text, null, tid);
        }

        if (text.StartsWith('*'))
        {
            text = "." + text;
        }

        return new TaskFilter(text, UserRegex.Compile(text, "task regex"), null);
    }

    /// <summary>The thread id selected, when the selection is a number.</summary>
    public int? Tid => tid;

    /// <summary>Whether a task name matches the regex (never for a thread-id selection).</summary>
    public bool Matches(string name) => regex is not null && regex.Match(name).Success;
}
