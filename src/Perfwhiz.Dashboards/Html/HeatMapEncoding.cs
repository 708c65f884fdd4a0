using System.Runtime.InteropServices;
using Perfwhiz.Analyses.Results;

namespace Perfwhiz.Dashboards;

/// <summary>
/// A task's heat map series as the page reads them (web/src/data.js): the six encoded series'
/// counts, then every series' times as µs deltas, then durations in tenths of µs, then values, all
/// varints. Column by column, the bytes repeat enough for gzip to bring a 1M-event page under 12
/// bytes an event, where the JSON of doubles takes over 60. The core spans are not written: each is
/// a switch's run time ending at the switch, on its core, and the page derives them.
/// </summary>
internal static class HeatMapEncoding
{
    public static ReadOnlySpan<byte> Encode(HeatMapSeries task)
    {
        TimedSeries[] series = [task.Switches, task.Sleeps, task.IoWaits, task.KvmExits, task.KvmEntries, task.WakeupLatencies];
        var writer = new VarintWriter(series.Sum(s => s.Count) * 5);
        foreach (var s in series)
        {
            writer.Unsigned((ulong)s.Count);
        }

        foreach (var s in series)
        {
            var times = Span(s.TimesMs);
            long previousUs = 0;
            for (var i = 0; i < times.Length; i++)
            {
                var timeUs = (long)Math.Round(times[i] * 1000);
                writer.Signed(timeUs - previousUs);
                previousUs = timeUs;
            }
        }

        foreach (var s in series)
        {
            var durations = Span(s.DurationsUs);
            for (var i = 0; i < durations.Length; i++)
            {
                writer.Unsigned((ulong)Math.Max(0, Math.Round(durations[i] * 10)));
            }
        }

        foreach (var s in series)
        {
            var values = Span(s.Values);
            for (var i = 0; i < values.Length; i++)
            {
                writer.Signed(values[i]);
            }
        }

        return writer.Written;
    }

    // The series are lists: reading them as spans skips an interface call per number.
    private static ReadOnlySpan<T> Span<T>(IReadOnlyList<T> column) =>
        column is List<T> list ? CollectionsMarshal.AsSpan(list) : column.ToArray();
}
