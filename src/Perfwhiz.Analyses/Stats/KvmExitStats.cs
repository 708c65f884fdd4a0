namespace Perfwhiz.Analyses.Stats;

/// <summary>
/// KVM exits as <c>perf kvm stat report</c> counts them, per reason for all vCPUs and per vCPU thread.
/// An exit counts once KVM re-entered the guest; <see cref="ExitRows"/> holds every kvm_exit row.
/// </summary>
public sealed record KvmExitStats(IReadOnlyList<ExitHandling> Reasons, IReadOnlyList<VcpuExits> Vcpus, long ExitRows)
{
    public long HandledExits => Reasons.Sum(reason => reason.Count);
}
