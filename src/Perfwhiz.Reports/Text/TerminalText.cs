namespace Perfwhiz.Reports.Text;

/// <summary>Text from captures (task names, host names) made safe to print as one line of plain text.</summary>
public static class TerminalText
{
    /// <summary>
    /// Escapes visibly (<c>\n</c>, <c>\u202E</c>) what would break the line, act on the terminal or
    /// hide itself: the rule of <see cref="VisibleText"/>, the same as the pages'.
    /// </summary>
    public static string Printable(string text) => VisibleText.Escape(text);
}
