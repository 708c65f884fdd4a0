using System.Globalization;

namespace Perfwhiz.Perf.Tracepoints;

/// <summary>
/// A tracepoint's format as the kernel prints it in tracefs and perf stores in the capture:
/// name, id, fields (offset/size) and the print fmt. Fields are looked up by name because their
/// offsets and even their presence differ between kernels.
/// </summary>
public sealed class TraceFormat
{
    private readonly Dictionary<string, TraceField> fieldsByName;

    private TraceFormat(string system, string name, int id, List<TraceField> fields, string printFormat)
    {
        System = system;
        Name = name;
        Id = id;
        Fields = fields;
        PrintFormat = printFormat;
        fieldsByName = new Dictionary<string, TraceField>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            fieldsByName.TryAdd(field.Name, field);
        }
    }

    public string System { get; }

    public string Name { get; }

    /// <summary>The kernel's name, "system:event", as perf prints it.</summary>
    public string FullName => $"{System}:{Name}";

    /// <summary>The tracepoint id (attr.config); it changes from boot to boot.</summary>
    public int Id { get; }

    public IReadOnlyList<TraceField> Fields { get; }

    public string PrintFormat { get; }

    public TraceField? Field(string name) => fieldsByName.GetValueOrDefault(name);

    /// <summary>Parses a format text; <paramref name="system"/> comes from where the text was found.</summary>
    public static TraceFormat Parse(string system, string text)
    {
        string? name = null;
        int? id = null;
        var printFormat = string.Empty;
        var fields = new List<TraceField>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.StartsWith("name:", StringComparison.Ordinal))
            {
                name = line[5..].Trim();
            }
            else if (line.StartsWith("ID:", StringComparison.Ordinal))
            {
                id = int.TryParse(line[3..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw new PerfDataException($"tracepoint format of {name ?? "?"}: bad ID line '{line}'");
            }
            else if (line.StartsWith("field:", StringComparison.Ordinal))
            {
                fields.Add(ParseField(name, line));
            }
            else if (line.StartsWith("print fmt:", StringComparison.Ordinal))
            {
                printFormat = line[10..].Trim();
            }
        }

        if (name is null || id is null)
        {
            throw new PerfDataException($"tracepoint format in system '{system}' has no name or ID line");
        }

        return new TraceFormat(system, name, id.Value, fields, printFormat);
    }

    // field:<type> <name>[n];\toffset:O;\tsize:S;\tsigned:B;  — only offset and size are trusted.
    private static TraceField ParseField(string? eventName, string line)
    {
        var parts = line.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var declaration = parts[0]["field:".Length..].Trim();
        int? offset = null;
        int? size = null;
        var isSigned = false;
        foreach (var part in parts.AsSpan(1))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !int.TryParse(part.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }

            switch (part[..colon])
            {
                case "offset": offset = number; break;
                case "size": size = number; break;
                case "signed": isSigned = number != 0; break;
            }
        }

        var (type, fieldName) = SplitDeclaration(declaration);
        if (offset is null || size is null || offset < 0 || size < 0 || fieldName.Length == 0)
        {
            throw new PerfDataException($"tracepoint format of {eventName ?? "?"}: cannot read field line '{line}'");
        }

        return new TraceField(fieldName, type, offset.Value, size.Value, isSigned);
    }

    // "unsigned char prev_comm[16]" → ("unsigned char", "prev_comm"); "__data_loc char[] comm" → (.., "comm")
    private static (string Type, string Name) SplitDeclaration(string declaration)
    {
        var bracket = declaration.LastIndexOf('[');
        var withoutArray = bracket > 0 && declaration.EndsWith(']') && declaration.LastIndexOf(' ') < bracket
            ? declaration[..bracket]
            : declaration;
        var space = withoutArray.LastIndexOf(' ');
        return space < 0 ? (string.Empty, withoutArray) : (withoutArray[..space].Trim(), withoutArray[(space + 1)..]);
    }
}
