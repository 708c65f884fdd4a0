using System.Runtime.CompilerServices;
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

    // Below this Math.Round(value, digits) scales, rounds and scales back; above it returns the value.
    private const double RoundingLimit = 1e16;

    /// <summary>Math.Round(ns / 1e6, 6), computed as it does, with the rounding of <see cref="HalfToEven"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Milliseconds(long ns) => RoundToDigits(ns / 1e6, 1e6);

    /// <summary>Math.Round(ns / 1e3, 3), computed as it does, with the rounding of <see cref="HalfToEven"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Microseconds(long ns) => RoundToDigits(ns / 1e3, 1e3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double RoundToDigits(double value, double power10) =>
        Math.Abs(value) < RoundingLimit ? HalfToEven.Round(value * power10) / power10 : value;
}
