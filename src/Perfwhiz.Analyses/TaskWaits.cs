namespace Perfwhiz.Analyses;

/// <summary>The waits of one task for a CPU: when each started and how long it lasted (ns).</summary>
public sealed class TaskWaits
{
    public List<long> Starts { get; } = [];

    public List<long> Delays { get; } = [];

    public void Add(long startNs, long switchedInNs)
    {
        Starts.Add(startNs);
        Delays.Add(switchedInNs - startNs);
    }
}
