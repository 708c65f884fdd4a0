namespace Perfwhiz.Reports.Comparison;

/// <summary>How the intervals were made.</summary>
public sealed record ComparisonMethodEntry(
    string Name, double SliceMs, int Resamples, ulong Seed, double Confidence, double MinEffectPercent, int MinimumTailValues, int Repeats);
