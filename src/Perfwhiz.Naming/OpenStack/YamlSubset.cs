using System.Globalization;
using System.Text;

namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// Reads the YAML that clouds.yaml files are written in: block mappings and sequences by
/// indentation, plain, 'single' and "double" quoted scalars, flow sequences of scalars
/// (<c>[a, b]</c>), empty flow collections and comments. Anything else (anchors, aliases, tags,
/// block scalars, flow mappings) is refused with its line number rather than misread.
/// </summary>
internal sealed class YamlSubset
{
    private readonly string source;
    private readonly List<(int Indent, string Text, int Line)> lines;
    private int next;

    private YamlSubset(string source, List<(int Indent, string Text, int Line)> lines)
    {
        this.source = source;
        this.lines = lines;
    }

    /// <param name="text">The document.</param>
    /// <param name="source">The file name, for errors.</param>
    /// <returns>The document's root node; an empty mapping for an empty document.</returns>
    /// <exception cref="PerfwhizException">The text is not in the subset, naming the line.</exception>
    public static YamlNode Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new YamlSubset(source, ContentLines(text, source));
        if (reader.lines.Count == 0)
        {
            return YamlNode.OfMapping(1, new Dictionary<string, YamlNode>(StringComparer.Ordinal));
        }

        var root = reader.Block(reader.lines[0].Indent);
        if (reader.next < reader.lines.Count)
        {
            throw reader.Error(reader.lines[reader.next].Line, "indented less than the document's first line");
        }

        return root;
    }

    private static List<(int Indent, string Text, int Line)> ContentLines(string text, string source)
    {
        var content = new List<(int, string, int)>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            var indent = line.Length - line.TrimStart(' ').Length;
            var body = line[indent..];
            if (body.StartsWith('\t'))
            {
                throw new PerfwhizException($"{source}, line {number}: a tab in the indentation (YAML indents with spaces)");
            }

            body = body.TrimEnd();
            if (body.Length == 0 || body.StartsWith('#') || (indent == 0 && body is "---" or "..."))
            {
                continue;
            }

            content.Add((indent, body, number));
        }

        return content;
    }

    private static bool IsSequenceItem(string text) => text == "-" || text.StartsWith("- ", StringComparison.Ordinal);

    private YamlNode Block(int indent) =>
        IsSequenceItem(lines[next].Text) ? Sequence(indent) : Mapping(indent);

    private YamlNode Mapping(int indent)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var firstLine = lines[next].Line;
        while (next < lines.Count && lines[next].Indent >= indent)
        {
            var (lineIndent, text, line) = lines[next];
            if (lineIndent > indent)
            {
                throw Error(line, "unexpected indentation");
            }

            if (IsSequenceItem(text))
            {
                throw Error(line, "a sequence item where a 'key: value' was expected");
            }

            var (key, rest) = SplitKey(text, line);
            rest = rest.Trim();
            if (rest.StartsWith('#'))
            {
                rest = string.Empty; // "key: # comment"
            }

            next++;
            var value = rest.Length > 0 ? InlineValue(rest, line) : NestedValue(indent, line);
            if (!entries.TryAdd(key, value))
            {
                throw Error(line, $"the key '{key}' appears twice");
            }
        }

        return YamlNode.OfMapping(firstLine, entries);
    }

    // The value of a "key:" line ending at the colon: a deeper block, a sequence at the key's own
    // indentation (YAML allows "key:\n- item"), or an empty scalar.
    private YamlNode NestedValue(int indent, int line)
    {
        if (next >= lines.Count)
        {
            return YamlNode.OfScalar(line, string.Empty);
        }

        var (nextIndent, nextText, _) = lines[next];
        if (nextIndent > indent)
        {
            return Block(nextIndent);
        }

        return nextIndent == indent && IsSequenceItem(nextText) ? Sequence(indent) : YamlNode.OfScalar(line, string.Empty);
    }

    private YamlNode Sequence(int indent)
    {
        var items = new List<YamlNode>();
        var firstLine = lines[next].Line;
        while (next < lines.Count && lines[next].Indent == indent && IsSequenceItem(lines[next].Text))
        {
            var (_, text, line) = lines[next];
            var item = text.Length > 1 ? text[2..] : string.Empty;
            var itemText = item.TrimStart(' ');
            if (itemText.Length == 0)
            {
                next++;
                items.Add(NestedValue(indent, line));
            }
            else if (StartsWithKey(itemText))
            {
                // "- key: value" opens a mapping whose keys line up with "key".
                var itemIndent = indent + 2 + (item.Length - itemText.Length);
                lines[next] = (itemIndent, itemText, line);
                items.Add(Mapping(itemIndent));
            }
            else
            {
                next++;
                items.Add(InlineValue(itemText, line));
            }
        }

        if (next < lines.Count && lines[next].Indent > indent)
        {
            throw Error(lines[next].Line, "unexpected indentation");
        }

        return YamlNode.OfSequence(firstLine, items);
    }

    private static bool StartsWithKey(string text)
    {
        if (text[0] is '"' or '\'')
        {
            var close = text.IndexOf(text[0], 1);
            return close > 0 && close + 1 < text.Length && text[close + 1] == ':';
        }

        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return (colon > 0 || text.EndsWith(':')) && text[0] is not ('[' or '{');
    }

    private (string Key, string Value) SplitKey(string text, int line)
    {
        string key;
        int afterKey;
        if (text[0] is '"' or '\'')
        {
            var (quoted, end) = QuotedScalar(text, line);
            key = quoted;
            afterKey = end;
        }
        else
        {
            var colon = text.IndexOf(": ", StringComparison.Ordinal);
            afterKey = colon >= 0 ? colon : (text.EndsWith(':') ? text.Length - 1 : -1);
            if (afterKey <= 0)
            {
                throw Error(line, $"expected 'key: value', found '{text}'");
            }

            key = text[..afterKey].TrimEnd();
        }

        if (afterKey >= text.Length || text[afterKey] != ':' || (afterKey + 1 < text.Length && text[afterKey + 1] != ' '))
        {
            throw Error(line, $"expected 'key: value', found '{text}'");
        }

        return (key, text[(afterKey + 1)..]);
    }

    private YamlNode InlineValue(string text, int line)
    {
        switch (text[0])
        {
            case '"' or '\'':
                var (value, end) = QuotedScalar(text, line);
                if (WithoutComment(text[end..].Trim()).Length > 0)
                {
                    throw Error(line, $"text after the quoted value {text[..end]}");
                }

                return YamlNode.OfScalar(line, value);
            case '[':
                return FlowSequence(text, line);
            case '{' when WithoutComment(text) == "{}":
                return YamlNode.OfMapping(line, new Dictionary<string, YamlNode>(StringComparer.Ordinal));
            case '{':
                throw Unsupported(line, "a flow mapping { ... } (write it as an indented block)");
            case '&' or '*':
                throw Unsupported(line, "anchors and aliases");
            case '!':
                throw Unsupported(line, "tags");
            case '|' or '>':
                throw Unsupported(line, "block scalars | and >");
            case '@' or '`' or '%':
                throw Error(line, $"a plain value cannot start with '{text[0]}': quote it");
            default:
                return YamlNode.OfScalar(line, WithoutComment(text));
        }
    }

    private YamlNode FlowSequence(string text, int line)
    {
        var close = text.LastIndexOf(']');
        if (close < 0 || WithoutComment(text[(close + 1)..].Trim()).Length > 0)
        {
            throw Error(line, "a flow sequence [ ... ] must close on its line");
        }

        var items = new List<YamlNode>();
        var inner = text[1..close].Trim();
        if (inner.Length == 0)
        {
            return YamlNode.OfSequence(line, items);
        }

        foreach (var item in inner.Split(','))
        {
            var itemText = item.Trim();
            if (itemText.Length == 0 || itemText[0] is '[' or '{')
            {
                throw Unsupported(line, "nested or empty items in a flow sequence");
            }

            items.Add(InlineValue(itemText, line));
        }

        return YamlNode.OfSequence(line, items);
    }

    // A plain scalar ends where " #" starts a comment.
    private static string WithoutComment(string text)
    {
        var comment = text.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? text[..comment] : text).TrimEnd();
    }

    /// <returns>The unquoted text and the index just past the closing quote.</returns>
    private (string Value, int End) QuotedScalar(string text, int line)
    {
        var quote = text[0];
        var value = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == quote && quote == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
            {
                value.Append('\'');
                i++;
            }
            else if (c == quote)
            {
                return (value.ToString(), i + 1);
            }
            else if (c == '\\' && quote == '"')
            {
                i++;
                value.Append(i < text.Length ? Escape(text, ref i, line) : throw Error(line, "a \\ ends the line inside a \"quoted\" value"));
            }
            else
            {
                value.Append(c);
            }
        }

        throw Error(line, $"the quoted value {text} is not closed on its line");
    }

    private string Escape(string text, ref int i, int line)
    {
        switch (text[i])
        {
            case '"' or '\\' or '/':
                return text[i].ToString();
            case 'n':
                return "\n";
            case 't':
                return "\t";
            case 'u' when i + 4 < text.Length && int.TryParse(text.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                i += 4;
                return ((char)code).ToString();
            default:
                throw Error(line, $"the escape \\{text[i]} is not supported");
        }
    }

    private PerfwhizException Error(int line, string what) => new($"{source}, line {line}: {what}");

    private PerfwhizException Unsupported(int line, string feature) =>
        Error(line, $"{feature} is beyond the YAML perfwhiz reads (mappings, sequences, plain and quoted scalars)");
}
