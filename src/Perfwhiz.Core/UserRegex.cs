using System.Text.RegularExpressions;

namespace Perfwhiz;

/// <summary>
/// A regular expression the user typed, matched at the start of the text (as Python's re.match,
/// the original's). A non-backtracking engine answers in linear time whatever the pattern; patterns
/// it cannot run (backreferences, lookarounds) fall back to backtracking bounded by a timeout.
/// </summary>
public sealed class UserRegex
{
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex regex;
    private readonly string description;

    private UserRegex(string pattern, Regex regex, string description)
    {
        Pattern = pattern;
        this.regex = regex;
        this.description = description;
    }

    /// <summary>The pattern as the user gave it.</summary>
    public string Pattern { get; }

    /// <summary>The names of the pattern's groups, numbered and named.</summary>
    public IReadOnlyList<string> GroupNames => regex.GetGroupNames();

    /// <param name="pattern">The user's pattern.</param>
    /// <param name="description">What the pattern is, for errors: "task regex", "VM name pattern".</param>
    public static UserRegex Compile(string pattern, string description)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var anchored = $"^(?:{pattern})";
        try
        {
            return new UserRegex(pattern, new Regex(anchored, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant), description);
        }
        catch (NotSupportedException)
        {
            return new UserRegex(pattern, CompileBacktracking(pattern, anchored, description), description);
        }
        catch (ArgumentException e)
        {
            throw Invalid(pattern, description, e);
        }
    }

    /// <summary>The match at the start of <paramref name="text"/> (check <see cref="Group.Success"/>).</summary>
    public Match Match(string text)
    {
        try
        {
            return regex.Match(text);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new PerfwhizException($"the {description} '{Pattern}' takes too long on '{text}' (catastrophic backtracking): simplify it", e);
        }
    }

    private static Regex CompileBacktracking(string pattern, string anchored, string description)
    {
        try
        {
            return new Regex(anchored, RegexOptions.CultureInvariant, BacktrackingTimeout);
        }
        catch (ArgumentException e)
        {
            throw Invalid(pattern, description, e);
        }
    }

    private static PerfwhizException Invalid(string pattern, string description, ArgumentException e) =>
        new($"invalid {description} '{pattern}': {e.Message}", e);
}
