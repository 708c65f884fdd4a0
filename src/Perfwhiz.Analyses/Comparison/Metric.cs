namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// One compared metric of a task: <c>runtime</c>, <c>switches</c>, <c>slice.p50</c>, <c>slice.p95</c>,
/// <c>wakeup.p50</c>, <c>wakeup.p95</c>, <c>wakeup.p99</c>, <c>wakeup.max</c>, <c>kvm.exits</c> and
/// <c>kvm.exit.&lt;reason&gt;</c> (a KVM exit reason as the capture's kernel names it, e.g. <c>kvm.exit.HLT</c>).
/// </summary>
public readonly record struct Metric(MetricKind Kind, uint ExitReason = 0, string? ExitReasonName = null)
{
    public const string ExitPrefix = "kvm.exit.";

    /// <summary>The fixed names, in the order rows are listed.</summary>
    public static IReadOnlyList<string> FixedNames => Names;

    private static readonly string[] Names =
        ["runtime", "switches", "slice.p50", "slice.p95", "wakeup.p50", "wakeup.p95", "wakeup.p99", "wakeup.max", "kvm.exits"];

    public string Name => Kind == MetricKind.KvmExit ? ExitPrefix + ExitReasonName : Names[(int)Kind];

    public MetricUnit Unit => Kind switch
    {
        MetricKind.Runtime => MetricUnit.PercentOfCore,
        MetricKind.Switches or MetricKind.KvmExits or MetricKind.KvmExit => MetricUnit.PerSecond,
        _ => MetricUnit.Nanoseconds,
    };

    /// <summary>
    /// Which way is worse. A task that gets less CPU (run time), is switched more often, runs in
    /// shorter pieces (slice), waits longer to run (wakeup) or exits to the host more (kvm) is worse off.
    /// </summary>
    public bool HigherIsWorse => Kind is not (MetricKind.Runtime or MetricKind.SliceP50 or MetricKind.SliceP95);

    /// <summary>
    /// How many values each run needs for a verdict on this metric: for a percentile, enough that
    /// <paramref name="tailValues"/> of them lie at or beyond it (20 for p50, 200 for p95, 1000 for
    /// p99 with 10); never for the maximum, which is one value; none for rates.
    /// </summary>
    public int MinimumValues(int tailValues) => Kind switch
    {
        MetricKind.SliceP50 or MetricKind.WakeupP50 => tailValues * 2,
        MetricKind.SliceP95 or MetricKind.WakeupP95 => tailValues * 20,
        MetricKind.WakeupP99 => tailValues * 100,
        MetricKind.WakeupMax => int.MaxValue,
        _ => 0,
    };

    public bool IsWakeup => Kind is MetricKind.WakeupP50 or MetricKind.WakeupP95 or MetricKind.WakeupP99 or MetricKind.WakeupMax;

    /// <summary>Whether <paramref name="name"/> is a metric of the grammar (any reason after <c>kvm.exit.</c>).</summary>
    public static bool IsValidName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FixedNames.Contains(name, StringComparer.Ordinal) || (name.StartsWith(ExitPrefix, StringComparison.Ordinal) && name.Length > ExitPrefix.Length);
    }

    /// <summary>The unit of the metric a valid name names.</summary>
    public static MetricUnit UnitOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var index = Array.IndexOf(Names, name);
        return index < 0 ? MetricUnit.PerSecond : new Metric((MetricKind)index).Unit;
    }
}
