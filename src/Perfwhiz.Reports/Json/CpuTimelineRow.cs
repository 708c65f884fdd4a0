using Perfwhiz.Analyses.Results;

namespace Perfwhiz.Reports.Json;

/// <summary>
/// What ran on one CPU, interval by interval: start (ms, to the ns), duration (µs, to the ns), the
/// thread (index into <see cref="CpuTimeline.Threads"/>), the wait for a CPU that ended when the
/// interval began (µs; -1 when none was measured) and the thread that woke it (-1 when no wakeup
/// began the wait). Computed from the analysis' intervals as written, not stored twice.
/// </summary>
public sealed class CpuTimelineRow
{
    public const int None = -1;

    internal CpuTimelineRow(CpuIntervals counted, int[] threads, int[] wakers)
    {
        Counted = counted;
        ThreadIndexes = threads;
        WakerIndexes = wakers;
    }

    public int Cpu => Counted.Cpu;

    public IEnumerable<double> StartsMs
    {
        get
        {
            for (var i = 0; i < Counted.Count; i++)
            {
                yield return TimedSeries.Milliseconds(Counted.StartsNs[i]);
            }
        }
    }

    public IEnumerable<double> DurationsUs
    {
        get
        {
            for (var i = 0; i < Counted.Count; i++)
            {
                yield return TimedSeries.Microseconds(Counted.DurationsNs[i]);
            }
        }
    }

    public IReadOnlyList<int> Threads => ThreadIndexes;

    public IEnumerable<double> WaitsUs
    {
        get
        {
            for (var i = 0; i < Counted.Count; i++)
            {
                yield return Counted.WaitsNs[i] == CpuIntervals.NoWait ? None : TimedSeries.Microseconds(Counted.WaitsNs[i]);
            }
        }
    }

    public IReadOnlyList<int> Wakers => WakerIndexes;

    /// <summary>The intervals as counted, in ns (for the page's own encoding; not in the JSON).</summary>
    internal CpuIntervals Counted { get; }

    internal int[] ThreadIndexes { get; }

    internal int[] WakerIndexes { get; }
}
