using System.Globalization;

namespace Perfwhiz.Tests.Infrastructure;

/// <summary>A tracepoint format text (the kernel's <c>events/&lt;system&gt;/&lt;name&gt;/format</c>) and its parsed fields.</summary>
public sealed class TracepointFormat
{
    private TracepointFormat(string system, string name, int id, string text, IReadOnlyList<TracepointField> fields)
    {
        System = system;
        Name = name;
        Id = id;
        Text = text;
        Fields = fields;
        FixedSize = fields.Max(field => field.Offset + field.Size);
    }

    public string System { get; }

    public string Name { get; }

    /// <summary>The <c>ID:</c> line: the value of <c>common_type</c> and of the perf attr's <c>config</c>.</summary>
    public int Id { get; }

    /// <summary>The format text exactly as given; it is copied into the TRACING_DATA section.</summary>
    public string Text { get; }

    public IReadOnlyList<TracepointField> Fields { get; }

    /// <summary>The name perf gives the event: <c>system:name</c>.</summary>
    public string FullName => System + ":" + Name;

    /// <summary>Bytes up to the end of the last field; <c>__data_loc</c> strings follow them.</summary>
    public int FixedSize { get; }

    public static TracepointFormat Parse(string system, string text)
    {
        string? name = null;
        int? id = null;
        var fields = new List<TracepointField>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.StartsWith("name:", StringComparison.Ordinal))
            {
                name = line["name:".Length..].Trim();
            }
            else if (line.StartsWith("ID:", StringComparison.Ordinal))
            {
                id = int.Parse(line["ID:".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("field:", StringComparison.Ordinal))
            {
                fields.Add(ParseField(line));
            }
        }

        if (name is null || id is null || fields.Count == 0)
        {
            throw new FormatException($"Not a tracepoint format (name, ID and fields are required) for system '{system}'.");
        }

        return new TracepointFormat(system, name, id.Value, text, fields);
    }

    public TracepointField Field(string name) =>
        Fields.FirstOrDefault(field => string.Equals(field.Name, name, StringComparison.Ordinal))
        ?? throw new ArgumentException($"{FullName} has no field '{name}'.", nameof(name));

    /// <summary>Parses <c>field:unsigned int exit_reason;\toffset:8;\tsize:4;\tsigned:0;</c>.</summary>
    private static TracepointField ParseField(string line)
    {
        var parts = line.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var declaration = parts[0]["field:".Length..].Trim();
        var offset = -1;
        var size = -1;
        foreach (var part in parts.Skip(1))
        {
            if (part.StartsWith("offset:", StringComparison.Ordinal))
            {
                offset = int.Parse(part["offset:".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
            else if (part.StartsWith("size:", StringComparison.Ordinal))
            {
                size = int.Parse(part["size:".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
        }

        if (offset < 0 || size < 0)
        {
            throw new FormatException($"Field line without offset or size: '{line}'.");
        }

        var withoutArray = declaration.EndsWith(']') ? declaration[..declaration.LastIndexOf('[')] : declaration;
        var name = withoutArray[(withoutArray.LastIndexOf(' ') + 1)..];
        return new TracepointField(name, declaration, offset, size);
    }
}
