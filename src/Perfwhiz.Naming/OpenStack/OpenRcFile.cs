using System.Text;

namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// An openrc file (the shell script Horizon and the deployment tools hand out), read as
/// <c>source openrc</c> would change the environment: its top-level <c>export OS_...=value</c>
/// lines set variables and its <c>unset OS_...</c> lines remove them. Values may be quoted
/// ('single', "double" with \ escapes) or plain. A value that needs the shell to compute it
/// (<c>export OS_PASSWORD=$OS_PASSWORD_INPUT</c> after a <c>read -sr</c>) is skipped, as the
/// original did; the password then comes from elsewhere. Other lines (if, echo, read) are ignored.
/// </summary>
internal static class OpenRcFile
{
    /// <summary>The OS_* variables after sourcing the file on top of <paramref name="environment"/>.</summary>
    /// <exception cref="PerfwhizException">The file named on the command line cannot be read.</exception>
    /// <exception cref="UnusableSourceException">A quote is not closed.</exception>
    public static Dictionary<string, string> Source(string path, IReadOnlyDictionary<string, string> environment)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PerfwhizException($"cannot read the openrc file {path}: {e.Message}", e);
        }

        return Source(text, path, environment);
    }

    public static Dictionary<string, string> Source(string text, string path, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(environment);
        var variables = environment.Where(variable => IsOpenStackVariable(variable.Key)).ToDictionary(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var words = rawLine.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length < 2)
            {
                continue;
            }

            if (words[0] == "export")
            {
                var equals = words[1].IndexOf('=');
                var name = equals > 0 ? words[1][..equals] : string.Empty;
                if (IsOpenStackVariable(name) && ShellWord(words[1][(equals + 1)..], path, lineNumber) is { } value)
                {
                    variables[name] = value;
                }
            }
            else if (words[0] == "unset")
            {
                foreach (var name in words[1].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    variables.Remove(name);
                }
            }
        }

        return variables;
    }

    private static bool IsOpenStackVariable(string name) =>
        name.StartsWith("OS_", StringComparison.Ordinal) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>The literal value of the shell word at the start of <paramref name="text"/>; null when the shell would expand it.</summary>
    private static string? ShellWord(string text, string path, int lineNumber)
    {
        var value = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t' or ';')
            {
                break;
            }

            switch (c)
            {
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw Unterminated(path, lineNumber);
                    }

                    value.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i = DoubleQuoted(text, i + 1, value, path, lineNumber);
                    if (i < 0)
                    {
                        return null;
                    }

                    break;
                case '\\' when i + 1 < text.Length:
                    value.Append(text[++i]);
                    break;
                case '$' or '`':
                    return null;
                default:
                    value.Append(c);
                    break;
            }
        }

        return value.ToString();
    }

    /// <returns>The index of the closing quote, or -1 when the text needs expanding.</returns>
    private static int DoubleQuoted(string text, int start, StringBuilder value, string path, int lineNumber)
    {
        for (var i = start; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    return i;
                case '$' or '`':
                    return -1;
                case '\\' when i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`':
                    value.Append(text[++i]);
                    break;
                default:
                    value.Append(text[i]);
                    break;
            }
        }

        throw Unterminated(path, lineNumber);
    }

    private static UnusableSourceException Unterminated(string path, int lineNumber) =>
        new($"{path}, line {lineNumber}: a quote is not closed on its line");
}
