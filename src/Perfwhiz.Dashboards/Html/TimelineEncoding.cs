using System.Runtime.CompilerServices;
using Perfwhiz.Reports.Json;

namespace Perfwhiz.Dashboards;

/// <summary>
/// The whole-host timeline as the page reads it (web/src/timeline-data.js): the number of CPUs, each
/// CPU's number and interval count, then CPU by CPU the intervals' columns one after the other, all
/// varints: the gap from the previous interval's end to the start (µs, signed), the duration (µs),
/// the thread, the waker (thread + 1; 0: none), the wait + 1 (µs; 0: none). Threads and wakers are
/// move-to-front coded (0 and the symbol for one not seen yet on the CPU, else its place + 1 among
/// those seen, most recent first): a CPU runs the same few threads again and again, so most take a
/// byte that repeats. Times and durations are those of the JSON document (ns rounded as
/// <see cref="TimedSeries"/> does), then to the µs. Column by column, gzip finds the repeats
/// (a million intervals: 4.5 MB interleaved, 4.1 MB so).
/// </summary>
internal static class TimelineEncoding
{
    public static ReadOnlySpan<byte> Encode(CpuTimeline timeline)
    {
        var rows = timeline.Cpus;
        // Room for the five varints of every interval at once (see HeatMapEncoding).
        var writer = new VarintWriter((int)Math.Min(Array.MaxLength, 16L * rows.Sum(row => row.Counted.Count)));
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
            long previousEndUs = 0;
            for (var i = 0; i < intervals.Count; i++)
            {
                var startUs = (long)HalfToEven.Round(TimedSeries.Milliseconds(starts[i]) * 1000);
                writer.Signed(startUs - previousEndUs);
                previousEndUs = startUs + Microseconds(durations[i]);
            }

            foreach (var duration in durations)
            {
                writer.Unsigned((ulong)Microseconds(duration));
            }

            MoveToFront(writer, row.ThreadIndexes, 0);
            MoveToFront(writer, row.WakerIndexes, 1);
            foreach (var wait in intervals.WaitsNs)
            {
                writer.Unsigned(wait < 0 ? 0 : (ulong)(Microseconds(wait) + 1));
            }
        }

        return writer.Written;
    }

    /// <summary>Writes <paramref name="values"/> + <paramref name="offset"/> (symbols ≥ 0), move-to-front coded.</summary>
    private static void MoveToFront(VarintWriter writer, int[] values, int offset)
    {
        // The symbols seen so far, the most recent first; moved with span copies (a List's
        // indexer, element by element, was the page's largest cost).
        var recent = new int[16];
        var count = 0;
        foreach (var value in values)
        {
            var symbol = value + offset;
            var place = PlaceOf(recent, count, symbol);
            if (place < 0)
            {
                writer.Unsigned(0);
                writer.Unsigned((ulong)symbol);
                if (count == recent.Length)
                {
                    Array.Resize(ref recent, 2 * count);
                }

                place = count++;
            }
            else
            {
                writer.Unsigned((ulong)place + 1);
            }

            recent.AsSpan(0, place).CopyTo(recent.AsSpan(1));
            recent[0] = symbol;
        }
    }

    /// <summary>Where <paramref name="symbol"/> is among the first <paramref name="count"/> of <paramref name="recent"/>; -1 if not there.</summary>
    private static int PlaceOf(int[] recent, int count, int symbol)
    {
        // Mostly among the first few: a CPU switches between the same threads.
        const int Near = 4;
        for (var place = 0; place < Math.Min(count, Near); place++)
        {
            if (recent[place] == symbol)
            {
                return place;
            }
        }

        if (count <= Near)
        {
            return -1;
        }

        var further = recent.AsSpan(Near, count - Near).IndexOf(symbol);
        return further < 0 ? -1 : further + Near;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Microseconds(long ns) => Math.Max(0, (long)HalfToEven.Round(TimedSeries.Microseconds(ns)));
}
