namespace Perfwhiz.Analyses.Comparison;

/// <summary>What a metric's values count.</summary>
public enum MetricUnit
{
    /// <summary>Run time as a percentage of one core.</summary>
    PercentOfCore,

    /// <summary>Events per second.</summary>
    PerSecond,

    /// <summary>A duration in nanoseconds.</summary>
    Nanoseconds,
}
