using System.Globalization;
using System.Text.RegularExpressions;

namespace Perfwhiz.Tests.Analyses;

/// <summary>The per-thread lines of <c>perf sched latency -p</c>: runtime, switches and delays.</summary>
internal static partial class SchedLatencyText
{
    public static List<SchedLatencyLine> Parse(string text) =>
        [.. text.Split('\n').Select(line => LinePattern().Match(line)).Where(match => match.Success).Select(match => new SchedLatencyLine(
            match.Groups["comm"].Value.TrimEnd(),
            int.Parse(match.Groups["tid"].Value, CultureInfo.InvariantCulture),
            Ms(match, "runtime"),
            long.Parse(match.Groups["switches"].Value, CultureInfo.InvariantCulture),
            Ms(match, "avg"),
            Ms(match, "max"),
            double.Parse(match.Groups["start"].Value, CultureInfo.InvariantCulture)))];

    private static double Ms(Match match, string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s+(?<comm>.+?):(?<tid>\d+)\s*\|\s*(?<runtime>[\d.]+) ms \|\s*(?<switches>\d+) \| avg:\s*(?<avg>[\d.]+) ms \| max:\s*(?<max>[\d.]+) ms \| max start:\s*(?<start>[\d.]+) s", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LinePattern();
}
