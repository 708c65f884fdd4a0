using Perfwhiz.Reports.Json;

namespace Perfwhiz.Dashboards;

/// <summary>
/// The whole-host timeline as the page reads it (web/src/timeline-data.js): the number of CPUs, each
/// CPU's number and interval count, then CPU by CPU the intervals' columns, all varints: the gap
/// from the previous interval's end to the start (µs, signed), the duration (µs), the thread index,
/// the waker's thread index + 1 (0: none) and the wait + 1 (µs; 0: none). Times and durations are
/// those of the JSON document (ns rounded as <see cref="TimedSeries"/> does), then to the µs; the
/// gaps, mostly 0 or a few µs on a busy CPU, take a byte, which leaves gzip little to carry.
/// </summary>
internal static class TimelineEncoding
{
    public static ReadOnlySpan<byte> Encode(CpuTimeline timeline)
    {
        var rows = timeline.Cpus;
        var writer = new VarintWriter(rows.Sum(row => row.Counted.Count) * 8);
        writer.Unsigned((ulong)rows.Count);
        foreach (var row in rows)
        {
            writer.Unsigned((ulong)row.Cpu);
            writer.Unsigned((ulong)row.Counted.Count);
        }

        foreach (var row in rows)
        {
            var intervals = row.Counted;
            var starts = intervals.StartsNs;
            var durations = intervals.DurationsNs;
            var waits = intervals.WaitsNs;
            long previousEndUs = 0;
            for (var i = 0; i < intervals.Count; i++)
            {
                var startUs = (long)Math.Round(TimedSeries.Milliseconds(starts[i]) * 1000);
                var durationUs = Microseconds(durations[i]);
                writer.Signed(startUs - previousEndUs);
                writer.Unsigned((ulong)durationUs);
                writer.Unsigned((ulong)row.ThreadIndexes[i]);
                writer.Unsigned((ulong)(row.WakerIndexes[i] + 1));
                writer.Unsigned(waits[i] < 0 ? 0 : (ulong)(Microseconds(waits[i]) + 1));
                previousEndUs = startUs + durationUs;
            }
        }

        return writer.Written;
    }

    private static long Microseconds(long ns) => Math.Max(0, (long)Math.Round(TimedSeries.Microseconds(ns)));
}
