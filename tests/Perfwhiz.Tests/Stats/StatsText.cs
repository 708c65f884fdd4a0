using System.Globalization;
using Perfwhiz.Tests.Analyses;

namespace Perfwhiz.Tests.Stats;

/// <summary>
/// The tables of a .stats file read back: the scheduler tables as perf sched latency lines (their max
/// start in s since the first event), and where each table's columns end.
/// </summary>
internal static class StatsText
{
    public const string PerTask = "Scheduler latency per task";
    public const string PerThread = "Scheduler latency per thread";

    /// <summary>The lines and the TOTAL (run time in ms, switches) of the scheduler table under <paramref name="title"/>.</summary>
    public static (List<SchedLatencyLine> Lines, (double RuntimeMs, long Switches) Total) SchedulerTable(string text, string title)
    {
        var table = Table(text, title);
        var lines = new List<SchedLatencyLine>();
        var total = (RuntimeMs: double.NaN, Switches: -1L);
        var preemptedWaits = table.Headers.ToList().IndexOf("R+ waits");
        Assert.Equal(6, preemptedWaits);
        foreach (var (cells, name) in table.Rows)
        {
            if (name == "TOTAL" && cells.Count == 3)
            {
                total = (Number(cells[0]), long.Parse(cells[1], CultureInfo.InvariantCulture));
                continue;
            }

            var perThread = table.Headers[^2] == "Tid";
            lines.Add(new SchedLatencyLine(
                name,
                perThread ? int.Parse(cells[^1], CultureInfo.InvariantCulture) : null,
                perThread ? 1 : int.Parse(cells[^1], CultureInfo.InvariantCulture),
                Number(cells[0]),
                long.Parse(cells[1], CultureInfo.InvariantCulture),
                Number(cells[2]),
                Number(cells[3]),
                Number(cells[4]),
                long.Parse(cells[preemptedWaits], CultureInfo.InvariantCulture)));
        }

        return (lines, total);
    }

    /// <summary>
    /// The table whose title line starts with <paramref name="title"/>: its headers, and per row the cells
    /// before the last column and the last column's text (from where its header starts to the line's end).
    /// Checks on the way that every cell ends where a header does, or starts where one does (left-aligned text).
    /// </summary>
    public static (IReadOnlyList<string> Headers, List<(List<string> Cells, string Last)> Rows) Table(string text, string title)
    {
        var lines = text.Split('\n');
        var at = Array.FindIndex(lines, line => line.StartsWith(title, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no table '{title}'");
        while (!lines[at].StartsWith("  ", StringComparison.Ordinal))
        {
            at++;
        }

        var header = lines[at];
        var headers = Cells(header).ToList();
        var lastStart = headers[^1].Start;
        var rows = new List<(List<string> Cells, string Last)>();
        for (var row = at + 1; row < lines.Length && lines[row].Length > 0; row++)
        {
            var line = lines[row];
            if (line.TrimStart().StartsWith('-'))
            {
                continue;
            }

            Assert.True(line.Length >= lastStart && line[lastStart - 1] == ' ', $"'{line}': the last column does not start under '{headers[^1].Text}'");
            var cells = Cells(line[..lastStart]).ToList();
            foreach (var cell in cells)
            {
                var aligned = headers.Exists(name => name.End == cell.End) || headers.Exists(name => name.Start == cell.Start);
                Assert.True(aligned, $"'{line}': cell '{cell.Text}' is aligned with no header");
            }

            rows.Add(([.. cells.Select(cell => cell.Text)], line[lastStart..]));
        }

        return ([.. headers.Select(name => name.Text)], rows);
    }

    // Columns are two spaces apart or more; words inside a cell (a reason's name), one.
    private static IEnumerable<(string Text, int Start, int End)> Cells(string line)
    {
        var position = 0;
        while (position < line.Length)
        {
            if (line[position] == ' ')
            {
                position++;
                continue;
            }

            var start = position;
            while (position < line.Length && !(line[position] == ' ' && (position + 1 == line.Length || line[position + 1] == ' ')))
            {
                position++;
            }

            yield return (line[start..position], start, position);
        }
    }

    private static double Number(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);
}
