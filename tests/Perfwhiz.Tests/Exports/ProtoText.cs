namespace Perfwhiz.Tests.Exports;

/// <summary>
/// A message as <c>protoc --decode</c> prints it (text format): scalar fields and nested messages,
/// in order. Enough to read a decoded Perfetto trace in assertions.
/// </summary>
internal sealed class ProtoText
{
    private readonly List<(string Name, string Value)> fields = [];
    private readonly List<(string Name, ProtoText Message)> messages = [];

    public IEnumerable<ProtoText> All(string name) => messages.Where(child => child.Name == name).Select(child => child.Message);

    public ProtoText? One(string name) => All(name).SingleOrDefault();

    public string? Field(string name) => fields.Where(field => field.Name == name).Select(field => field.Value).SingleOrDefault();

    public IEnumerable<string> Fields(string name) => fields.Where(field => field.Name == name).Select(field => field.Value);

    public long Number(string name) => long.Parse(Field(name) ?? throw new KeyNotFoundException(name), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Field numbers the schema did not know (protoc prints them as numbers).</summary>
    public IEnumerable<string> Unknown() =>
        fields.Select(field => field.Name).Concat(messages.Select(child => child.Name)).Where(name => char.IsAsciiDigit(name[0]))
            .Concat(messages.SelectMany(child => child.Message.Unknown()));

    public static ProtoText Parse(string text)
    {
        var stack = new Stack<ProtoText>();
        stack.Push(new ProtoText());
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line == "}")
            {
                stack.Pop();
            }
            else if (line.EndsWith(" {", StringComparison.Ordinal))
            {
                var child = new ProtoText();
                stack.Peek().messages.Add((line[..^2], child));
                stack.Push(child);
            }
            else
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                stack.Peek().fields.Add((line[..colon], Unquote(line[(colon + 2)..])));
            }
        }

        Assert.Single(stack);
        return stack.Pop();
    }

    private static string Unquote(string value) =>
        value.StartsWith('"') ? System.Text.RegularExpressions.Regex.Unescape(value[1..^1]) : value;
}
