namespace Perfwhiz.Analyses.Stats;

/// <summary>
/// The exits of one reason (its code as the kernel reports it) and how long they took to handle, from kvm_exit to the vCPU's next
/// kvm_entry (ns). <see cref="SharePercent"/> is their share of the exits they are listed among.
/// </summary>
public sealed record ExitHandling(uint Reason, long Count, double SharePercent, long TotalNs, long MinNs, long MaxNs)
{
    public double AverageNs => TotalNs / (double)Count;
}
