using System.Globalization;
using System.Text.RegularExpressions;

namespace Perfwhiz.Tests.Infrastructure;

/// <summary>
/// The lines of <c>perf sched latency</c>: per thread (<c>comm:tid</c>, all of them with <c>-p</c>) or per
/// name (<c>comm:(threads)</c>), and the TOTAL line.
/// </summary>
internal static partial class SchedLatencyText
{
    public static List<SchedLatencyLine> Parse(string text) =>
        [.. text.Split('\n').Select(line => LinePattern().Match(line)).Where(match => match.Success).Select(match => new SchedLatencyLine(
            match.Groups["comm"].Value.TrimEnd(),
            match.Groups["tid"].Success ? Number(match, "tid") : null,
            match.Groups["threads"].Success ? Number(match, "threads") : 1,
            Ms(match, "runtime"),
            long.Parse(match.Groups["switches"].Value, CultureInfo.InvariantCulture),
            Ms(match, "avg"),
            Ms(match, "max"),
            double.Parse(match.Groups["start"].Value, CultureInfo.InvariantCulture)))];

    /// <summary>The TOTAL line: run time (ms) and switches of all the lines.</summary>
    public static (double RuntimeMs, long Switches) Total(string text)
    {
        var match = text.Split('\n').Select(line => TotalPattern().Match(line)).Single(match => match.Success);
        return (Ms(match, "runtime"), long.Parse(match.Groups["switches"].Value, CultureInfo.InvariantCulture));
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static double Ms(Match match, string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s+(?<comm>.*?):(?:(?<tid>\d+)|\((?<threads>\d+)\))\s*\|\s*(?<runtime>[\d.]+) ms \|\s*(?<switches>\d+) \| avg:\s*(?<avg>[\d.]+) ms \| max:\s*(?<max>[\d.]+) ms \| max start:\s*(?<start>[\d.]+) s", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^\s+TOTAL:\s*\|\s*(?<runtime>[\d.]+) ms \|\s*(?<switches>\d+) \|", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TotalPattern();
}
