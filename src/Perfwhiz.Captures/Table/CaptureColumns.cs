namespace Perfwhiz.Captures.Table;

/// <summary>
/// Which columns a read keeps of a capture. A column left out is still decoded and checked, so
/// that a damaged file is refused with the same error; it only takes no memory.
/// </summary>
public enum CaptureColumns
{
    /// <summary>Every column.</summary>
    All,

    /// <summary>
    /// All but the wakeups' CPUs (<see cref="WakeupTable.Cpu"/>, <see cref="WakeupTable.TargetCpu"/>):
    /// the charts, the stats and the comparison never read them; the heat maps' timeline and the
    /// exports do. 8 bytes a wakeup, a third of the wakeup table.
    /// </summary>
    WithoutWakeupCpus,
}
