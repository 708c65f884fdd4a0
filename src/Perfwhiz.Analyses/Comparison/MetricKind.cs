namespace Perfwhiz.Analyses.Comparison;

/// <summary>What a compared metric measures; its name in the grammar is <see cref="Metric.Name"/>.</summary>
public enum MetricKind
{
    Runtime,
    Switches,
    SliceP50,
    SliceP95,
    WakeupP50,
    WakeupP95,
    WakeupP99,
    WakeupMax,
    KvmExits,
    KvmExit,
}
