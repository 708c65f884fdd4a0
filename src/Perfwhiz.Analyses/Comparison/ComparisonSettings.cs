namespace Perfwhiz.Analyses.Comparison;

/// <summary>How runs are compared; the defaults are what perfmap --compare uses and the README documents.</summary>
/// <param name="SliceNs">Length of the time slices the bootstrap resamples (50 ms).</param>
/// <param name="Resamples">Bootstrap resamples per run (1000).</param>
/// <param name="Seed">Seed of the resampling, fixed so that the same inputs give the same output.</param>
/// <param name="Confidence">Coverage of the interval (0.95).</param>
/// <param name="MinEffectPercent">A change smaller than this (in % of the base value) is <c>same</c> whatever its interval (5 %).</param>
/// <param name="MinimumTailValues">A percentile gets a verdict only when each run has this many values at or beyond it (10): see <see cref="Metric.MinimumValues"/>.</param>
/// <param name="Repeats">Captures per configuration (1): with more, the runs come in sets of this many, compared by <see cref="RepeatedRunComparison"/>.</param>
public sealed record ComparisonSettings(
    long SliceNs = 50_000_000,
    int Resamples = 1000,
    ulong Seed = 20261204,
    double Confidence = 0.95,
    double MinEffectPercent = 5,
    int MinimumTailValues = 10,
    int Repeats = 1);
