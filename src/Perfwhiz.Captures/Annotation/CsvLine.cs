using System.Text;

namespace Perfwhiz.Captures.Annotation;

/// <summary>Splits and joins one CSV line (RFC 4180 quoting: "a,b" and "" for a quote).</summary>
public static class CsvLine
{
    /// <returns>The fields, or null when a quoted field is not closed.</returns>
    public static List<string>? Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            return null;
        }

        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>Joins fields into a line, quoting those that hold a comma, a quote or a line break.</summary>
    public static string Join(IEnumerable<string> fields) =>
        string.Join(',', fields.Select(field => field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
}
