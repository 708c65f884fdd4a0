using System.Globalization;
using System.Text.RegularExpressions;

namespace Perfwhiz.Analyses.Selection;

/// <summary>
/// The <c>-t/--task</c> selection: a number selects a thread id, anything else is a regular
/// expression matched at the start of the task name (as Python's re.match, the original's).
/// A leading <c>*</c> (a common slip for <c>.*</c>) is read as <c>.*</c>.
/// </summary>
public sealed class TaskFilter
{
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex? regex;
    private readonly int? tid;

    private TaskFilter(string text, Regex? regex, int? tid)
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

        return new TaskFilter(text, Compile(text), null);
    }

    /// <summary>The thread id selected, when the selection is a number.</summary>
    public int? Tid => tid;

    /// <summary>Whether a task name matches the regex (never for a thread-id selection).</summary>
    public bool Matches(string name)
    {
        if (regex is null)
        {
            return false;
        }

        try
        {
            return regex.IsMatch(name);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new PerfwhizException($"the task regex '{Text}' takes too long on the task name '{name}' (catastrophic backtracking): simplify it", e);
        }
    }

    // A non-backtracking engine answers in linear time whatever the pattern; patterns it cannot run
    // (backreferences, lookarounds) fall back to backtracking bounded by a timeout.
    private static Regex Compile(string pattern)
    {
        var anchored = $"^(?:{pattern})";
        try
        {
            return new Regex(anchored, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (NotSupportedException)
        {
            return CompileBacktracking(pattern, anchored);
        }
        catch (ArgumentException e)
        {
            throw new PerfwhizException($"invalid task regex '{pattern}': {e.Message}", e);
        }
    }

    private static Regex CompileBacktracking(string pattern, string anchored)
    {
        try
        {
            return new Regex(anchored, RegexOptions.CultureInvariant, BacktrackingTimeout);
        }
        catch (ArgumentException e)
        {
            throw new PerfwhizException($"invalid task regex '{pattern}': {e.Message}", e);
        }
    }
}
