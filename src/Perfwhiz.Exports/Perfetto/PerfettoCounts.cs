namespace Perfwhiz.Exports.Perfetto;

/// <summary>What a Perfetto export wrote: ftrace events, KVM exit slices, and the VM processes and threads named.</summary>
public sealed record PerfettoCounts(long Switches, long Wakeups, long KvmExits, int Vms, int VmThreads);
