using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Perfwhiz.Tests.Perf;

/// <summary>
/// perf's own decoding of a capture: the lines of
/// <c>perf script --ns -F comm,tid,pid,cpu,time,event,trace</c>, parsed into the fields the tests compare.
/// </summary>
internal sealed partial class PerfScriptText
{
    public const string Fields = "comm,tid,pid,cpu,time,event,trace";

    private PerfScriptText(List<PerfScriptLine> lines)
    {
        Lines = lines;
    }

    public List<PerfScriptLine> Lines { get; }

    public static PerfScriptText FromGzipFile(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return Parse(reader.ReadToEnd());
    }

    public static PerfScriptText Parse(string text)
    {
        var lines = new List<PerfScriptLine>();
        foreach (var line in text.Split('\n'))
        {
            var match = LinePattern().Match(line);
            if (match.Success)
            {
                lines.Add(new PerfScriptLine(
                    match.Groups["comm"].Value,
                    Int(match.Groups["tid"].Value),
                    Int(match.Groups["cpu"].Value),
                    (long.Parse(match.Groups["sec"].Value, CultureInfo.InvariantCulture) * 1_000_000_000) + long.Parse(match.Groups["ns"].Value, CultureInfo.InvariantCulture),
                    match.Groups["event"].Value,
                    match.Groups["trace"].Value));
            }
        }

        return new PerfScriptText(lines);
    }

    public IEnumerable<PerfScriptLine> Of(string eventName) => Lines.Where(line => string.Equals(line.Event, eventName, StringComparison.Ordinal));

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    // comm may hold spaces ("CPU 0/KVM"): it is everything before the last "pid/tid [cpu]" run.
    [GeneratedRegex(@"^\s*(?<comm>.*?)\s+(?<pid>-?\d+)/(?<tid>-?\d+)\s+\[(?<cpu>\d+)\]\s+(?<sec>\d+)\.(?<ns>\d{9}):\s+(?<event>[\w:]+):\s?(?<trace>.*)$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LinePattern();
}
