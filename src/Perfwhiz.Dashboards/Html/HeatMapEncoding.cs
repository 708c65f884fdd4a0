using Perfwhiz.Analyses.Results;
using Perfwhiz.Reports.Json;

namespace Perfwhiz.Dashboards;

/// <summary>
/// A task's heat map series as the page reads them (web/src/data.js): the seven encoded series'
/// counts, then every series' times as µs deltas, then durations in tenths of µs, then values, all
/// varints. Column by column, the bytes repeat enough for gzip to bring a 1M-event page under 12
/// bytes an event, where the JSON of doubles takes over 60. Times and durations are those of the
/// JSON document (ns rounded as <see cref="TimedSeries"/> does), then to µs and tenths of µs.
/// </summary>
internal static class HeatMapEncoding
{
    public static ReadOnlySpan<byte> Encode(TaskHeatMap task)
    {
        EventSeries[] series = [task.Switches.Counted, task.Sleeps.Counted, task.IoWaits.Counted, task.KvmExits.Counted, task.KvmEntries.Counted, task.WakeupLatencies.Counted, task.StillRunning.Counted];
        // Room for the three varints of every event at once: pages not written are never touched,
        // while growing would copy what was written into fresh ones.
        var writer = new VarintWriter((int)Math.Min(Array.MaxLength, 12L * series.Sum(s => s.Count)));
        foreach (var s in series)
        {
            writer.Unsigned((ulong)s.Count);
        }

        foreach (var s in series)
        {
            var times = s.TimesNs;
            long previousUs = 0;
            for (var i = 0; i < times.Length; i++)
            {
                var timeUs = (long)HalfToEven.Round(TimedSeries.Milliseconds(times[i]) * 1000);
                writer.Signed(timeUs - previousUs);
                previousUs = timeUs;
            }
        }

        foreach (var s in series)
        {
            var durations = s.DurationsNs;
            for (var i = 0; i < durations.Length; i++)
            {
                writer.Unsigned((ulong)Math.Max(0, HalfToEven.Round(TimedSeries.Microseconds(durations[i]) * 10)));
            }
        }

        foreach (var s in series)
        {
            var values = s.Values;
            for (var i = 0; i < values.Length; i++)
            {
                writer.Signed(values[i]);
            }
        }

        return writer.Written;
    }
}
