namespace Perfwhiz.Analyses.Stats;

/// <summary>Waits summed: how many, their total and the longest (ns).</summary>
public readonly record struct DelaySum(long Count, long TotalNs, long MaxNs)
{
    public double AverageNs => Count == 0 ? 0 : TotalNs / (double)Count;

    public DelaySum Add(long delayNs) => new(Count + 1, TotalNs + delayNs, Math.Max(MaxNs, delayNs));

    public DelaySum Merge(DelaySum other) => new(Count + other.Count, TotalNs + other.TotalNs, Math.Max(MaxNs, other.MaxNs));
}
