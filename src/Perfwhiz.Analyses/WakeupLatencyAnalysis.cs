using System.Runtime.InteropServices;
using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>
/// Wakeup latency per task, measured as perf sched latency does: from the moment a sleeping thread
/// is put on a run queue (sched_wakeup/wakeup_new; sched_waking only when those were not recorded)
/// or a running one is preempted, to the moment it is switched in. As perf, a thread first seen
/// being switched in counts a wait of 0, and the idle task never waits. Without wakeups (cdicts of
/// the original perfwhiz) no wait can be told from a sleep: none is measured.
/// </summary>
public static class WakeupLatencyAnalysis
{
    /// <returns>The tasks with waits in the window, by key.</returns>
    public static IReadOnlyList<WakeupLatencySummary> Compute(Run run, bool[] selected) => Compute(run, Measure(run, selected));

    /// <summary>The summaries of waits already measured (<see cref="Measure"/>).</summary>
    public static IReadOnlyList<WakeupLatencySummary> Compute(Run run, TaskWaits waits)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(waits);
        var keyCount = run.Keys.Count;
        // The histograms read the waits as they are, on another core while the delays are grouped and selected from.
        var histograms = Task.Run(() => LatencyBuckets.Histograms(waits.Keys, waits.Delays, keyCount));
        // Group the delays by task with a counting sort: one array, each task's delays contiguous.
        // The columns once, not a span per access: there is a wait per switch.
        var keys = waits.Keys;
        var starts = waits.Starts;
        var delaysNs = waits.Delays;
        var offsets = Offsets(keys, keyCount);
        var grouped = HugePages.Allocate<long>(keys.Length);
        var next = offsets[..^1];
        var worst = new int[keyCount];
        Array.Fill(worst, -1);
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            grouped[next[key]++] = delaysNs[i];
            if (worst[key] < 0 || delaysNs[i] > delaysNs[worst[key]])
            {
                worst[key] = i;
            }
        }

        // Each task's percentiles on any core, found in the buckets its histogram says they are in.
        var waiting = Enumerable.Range(0, keyCount).Where(key => worst[key] >= 0).ToArray();
        var worstStarts = new long[waiting.Length];
        var worstDelays = new long[waiting.Length];
        for (var i = 0; i < waiting.Length; i++)
        {
            worstStarts[i] = starts[worst[waiting[i]]];
            worstDelays[i] = delaysNs[worst[waiting[i]]];
        }

        var histogramOf = histograms.GetAwaiter().GetResult();
        var percentiles = new (long TotalNs, long P50Ns, long P95Ns, long P99Ns)[waiting.Length];
        Parallel.For(0, waiting.Length, i =>
        {
            var key = waiting[i];
            percentiles[i] = Percentiles(grouped.AsSpan(offsets[key], offsets[key + 1] - offsets[key]), histogramOf[key]!);
        });
        var latencies = new WakeupLatencySummary[waiting.Length];
        for (var i = 0; i < waiting.Length; i++)
        {
            var key = waiting[i];
            var (total, p50, p95, p99) = percentiles[i];
            latencies[i] = new WakeupLatencySummary(key, offsets[key + 1] - offsets[key], total, p50, p95, p99, worstDelays[i], worstStarts[i], histogramOf[key]!);
        }

        return latencies;
    }

    /// <summary>Where each key's delays start when grouped by key; the last offset is the end of the last key's.</summary>
    private static int[] Offsets(ReadOnlySpan<int> keys, int keyCount)
    {
        var offsets = new int[keyCount + 1];
        foreach (var key in keys)
        {
            offsets[key + 1]++;
        }

        for (var key = 0; key < keyCount; key++)
        {
            offsets[key + 1] += offsets[key];
        }

        return offsets;
    }

    /// <summary>Every measured wait of every task.</summary>
    public static TaskWaits MeasureAll(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Measure(run, [.. Enumerable.Repeat(true, run.Keys.Count)]);
    }

    /// <summary>Every measured wait of the selected tasks (those of <see cref="MeasureAll"/> of the selected tasks).</summary>
    /// <remarks>The threads' waits are those measured while the run was loaded, when they were (<see cref="Run.MeasuringWaits"/>).</remarks>
    public static TaskWaits Measure(Run run, bool[] selected)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        var threads = run.MeasuringWaits?.GetAwaiter().GetResult() ?? ThreadWaits.Measure(run.Capture, run.Window);
        return threads.ForTasks(run.Keys, selected);
    }

    /// <summary>Whether waits begin at sched_waking: only when neither sched_wakeup nor sched_wakeup_new was recorded.</summary>
    internal static bool CountsWaking(WakeupTable wakeups) => !Has(wakeups, WakeupKind.Wakeup) && !Has(wakeups, WakeupKind.WakeupNew);

    // Bytes searched at once: a capture has millions of wakeups.
    private static bool Has(WakeupTable wakeups, WakeupKind kind) =>
        MemoryMarshal.AsBytes(wakeups.Kind.AsSpan(0, wakeups.Count)).Contains((byte)kind);

    /// <summary>
    /// The delays' total and nearest-rank percentiles. The histogram tells in which bucket each
    /// percentile's rank falls and how many delays precede that bucket: one pass gathers those
    /// buckets' delays (at most three buckets), and each percentile is selected among its own.
    /// </summary>
    private static (long TotalNs, long P50Ns, long P95Ns, long P99Ns) Percentiles(ReadOnlySpan<long> delays, long[] histogram)
    {
        var total = 0L;
        foreach (var delay in delays)
        {
            total += delay;
        }

        int[] percents = [50, 95, 99];
        var ranks = new long[percents.Length];
        var buckets = new int[percents.Length];
        for (var i = 0; i < percents.Length; i++)
        {
            ranks[i] = PercentileRank(delays.Length, percents[i]);
            while (ranks[i] >= histogram[buckets[i]])
            {
                ranks[i] -= histogram[buckets[i]];
                buckets[i]++;
            }
        }

        var inBucket = new long[LatencyBuckets.Count][];
        var filled = new int[LatencyBuckets.Count];
        foreach (var bucket in buckets)
        {
            inBucket[bucket] ??= new long[histogram[bucket]];
        }

        foreach (var delay in delays)
        {
            var bucket = LatencyBuckets.Of(delay);
            if (inBucket[bucket] is { } gathered)
            {
                gathered[filled[bucket]++] = delay;
            }
        }

        long Select(int i) => NthElement.Of(inBucket[buckets[i]], (int)ranks[i]);
        return (total, Select(0), Select(1), Select(2));
    }

    // Nearest rank: the index, in sorted order, of the smallest delay that at least p% of the delays do not exceed.
    private static int PercentileRank(int count, int percent) => Math.Clamp((int)Math.Ceiling(percent / 100.0 * count) - 1, 0, count - 1);
}
