using Perfwhiz.Analyses.Results;

namespace Perfwhiz.Reports.Json;

/// <summary>
/// An event series as the document shows it: times in ms since the capture's first event (to the
/// ns), durations in µs (to the ns), and the values. Computed from the counted series as written,
/// not stored twice.
/// </summary>
public sealed class TimedSeries
{
    internal TimedSeries(EventSeries counted) => Counted = counted;

    /// <summary>The series as counted, in ns (for the page's own encoding; not in the JSON).</summary>
    internal EventSeries Counted { get; }

    public IEnumerable<double> TimesMs
    {
        get
        {
            for (var i = 0; i < Counted.Count; i++)
            {
                yield return Milliseconds(Counted.TimesNs[i]);
            }
        }
    }

    public IEnumerable<double> DurationsUs
    {
        get
        {
            for (var i = 0; i < Counted.Count; i++)
            {
                yield return Microseconds(Counted.DurationsNs[i]);
            }
        }
    }

    public IEnumerable<long> Values
    {
        get
        {
            for (var i = 0; i < Counted.Count; i++)
            {
                yield return Counted.Values[i];
            }
        }
    }

    public static double Milliseconds(long ns) => Math.Round(ns / 1e6, 6);

    public static double Microseconds(long ns) => Math.Round(ns / 1e3, 3);
}
