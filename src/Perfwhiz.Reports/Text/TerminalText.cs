using System.Globalization;

namespace Perfwhiz.Reports.Text;

/// <summary>Text from captures (task names, host names) made safe to print as one line of plain text.</summary>
public static class TerminalText
{
    /// <summary>
    /// Replaces with '?' what would break the line or the terminal: control characters (newline,
    /// escape sequences), line separators and invisible format characters (bidi overrides).
    /// </summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Concat(text.Select(c => IsHarmful(c) ? '?' : c));
    }

    private static bool IsHarmful(char c) => char.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
