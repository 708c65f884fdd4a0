namespace Perfwhiz.Analyses.Comparison;

/// <summary>One task's figures in a run, per time slice (all ns and counts).</summary>
public sealed class TaskSlices
{
    public TaskSlices(string name, int slices)
    {
        Name = name;
        RunTimeNs = new long[slices];
        Switches = new long[slices];
    }

    public string Name { get; }

    /// <summary>Run time that ended in each slice (accounted at the switch-out).</summary>
    public long[] RunTimeNs { get; }

    public long[] Switches { get; }

    /// <summary>KVM exits per slice, all reasons; filled once the rows are counted.</summary>
    public long[] Exits { get; private set; } = [];

    /// <summary>KVM exits per slice, per exit reason code; empty for tasks that never exit.</summary>
    public Dictionary<uint, long[]> ExitsByReason { get; } = [];

    /// <summary>Run time per switch.</summary>
    public SlicedDistribution? RunPerSwitch { get; set; }

    /// <summary>Wakeup waits, by the slice where they ended; null when the capture has no wakeups.</summary>
    public SlicedDistribution? Waits { get; set; }

    /// <summary>Adds up <see cref="Exits"/> from <see cref="ExitsByReason"/>.</summary>
    public void SumExits()
    {
        Exits = new long[Switches.Length];
        foreach (var counts in ExitsByReason.Values)
        {
            for (var slice = 0; slice < counts.Length; slice++)
            {
                Exits[slice] += counts[slice];
            }
        }
    }
}
