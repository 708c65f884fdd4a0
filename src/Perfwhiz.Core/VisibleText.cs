using System.Globalization;
using System.Text;

namespace Perfwhiz;

/// <summary>
/// The one rule for showing text that came from a capture or a user (task names, host, messages)
/// as a single visible line: what a terminal or a page would hide, reorder or act on is written as
/// an escape, so two different texts never look the same. The dashboards' web app applies the same
/// rule (src/Perfwhiz.Dashboards/web/src/text.js, displayName).
/// </summary>
public static class VisibleText
{
    /// <summary>
    /// Escapes the backslash, control characters (newline, tab, escape sequences), invisible format
    /// characters (zero-width, bidi overrides), line and paragraph separators, spaces other than
    /// U+0020, lone surrogates, private-use characters and right-to-left letters.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? escaped = null;
        for (var i = 0; i < text.Length; i++)
        {
            // A lone surrogate is not a rune: it is escaped as the code unit it is.
            var pair = char.IsSurrogatePair(text, i);
            var code = pair ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
            if ((char.IsSurrogate(text[i]) && !pair) || NeedsEscape(code))
            {
                escaped ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
                escaped.Append(code switch
                {
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    <= 0xFFFF => $"\\u{code:X4}",
                    _ => $"\\U{code:X8}",
                });
            }
            else
            {
                escaped?.Append(text, i, pair ? 2 : 1);
            }

            i += pair ? 1 : 0;
        }

        return escaped?.ToString() ?? text;
    }

    private static bool NeedsEscape(int code) => code == '\\' || IsRightToLeft(code) || NeedsEscape(new Rune(code));

    private static bool NeedsEscape(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse
        || (Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator && rune.Value != ' ');

    // The blocks of the right-to-left scripts (Hebrew to Arabic Extended, the presentation forms,
    // the historic RTL scripts): shown as they are, they reorder the text around them.
    private static bool IsRightToLeft(int c) =>
        c is (>= 0x0590 and <= 0x08FF) or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF);
}
