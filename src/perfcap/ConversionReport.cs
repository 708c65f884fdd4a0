using System.Globalization;
using Perfwhiz.Captures.Table;
using Perfwhiz.Reports.Text;

namespace Perfwhiz.Perfcap;

/// <summary>What perfcap prints after a capture: its health (kept, dropped, lost, missing) and what it wrote.</summary>
public static class ConversionReport
{
    private const int LostPlacesShown = 5;

    public static void PrintHealth(TextWriter output, Capture capture)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(capture);
        var info = capture.Info;
        output.WriteLine($"Capture: {info.DurationNs / 1e9:F3} s, {info.CpuCount?.ToString(CultureInfo.InvariantCulture) ?? "?"} CPUs, host {Shown(info.Host)}, kernel {Shown(info.Kernel)}, perf {Shown(info.PerfVersion)}");
        output.WriteLine("Kept:");
        foreach (var (name, count) in info.KeptPerEvent)
        {
            var note = name == "sched:sched_stat_runtime" ? "  (as switch run times)" : string.Empty;
            output.WriteLine($"  {count,10:N0}  {TerminalText.Printable(name)}{note}");
        }

        if (info.DroppedPerEvent.Count > 0)
        {
            output.WriteLine("Dropped (not stored in the cdict):");
            foreach (var (name, count) in info.DroppedPerEvent.OrderByDescending(pair => pair.Value))
            {
                output.WriteLine($"  {count,10:N0}  {TerminalText.Printable(name)}");
            }
        }

        output.WriteLine(info.LostEvents > 0
            ? $"Lost: {info.LostEvents:N0} events in {info.LostRanges.Count} places{LostPlaces(info)} (perf's buffers overflowed; record with a larger -m)"
            : "Lost: none");
        foreach (var warning in info.Warnings)
        {
            output.WriteLine($"Warning: {TerminalText.Printable(warning)}");
        }
    }

    public static void PrintWritten(TextWriter output, Capture capture, string cdictPath, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(capture);
        output.WriteLine($"Wrote {cdictPath}: {capture.Events.Count:N0} rows, {capture.Wakeups.Count:N0} wakeups, {capture.Names.Count:N0} task names, {new FileInfo(cdictPath).Length:N0} bytes in {elapsed.TotalSeconds:F2} s");
    }

    // Everything in the summary after the numbers comes from the capture: shown as one visible line.
    private static string Shown(string? text) => text is null ? "?" : TerminalText.Printable(text);

    private static string LostPlaces(CaptureInfo info)
    {
        var shown = info.LostRanges.Take(LostPlacesShown).Select(range => $"{range.StartNs / 1e9:F3}-{range.EndNs / 1e9:F3} s");
        var more = info.LostRanges.Count > LostPlacesShown ? ", ..." : string.Empty;
        return $" (at {string.Join(", ", shown)}{more})";
    }
}
