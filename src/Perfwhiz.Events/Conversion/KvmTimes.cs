namespace Perfwhiz.Events.Conversion;

/// <summary>A vCPU thread's last kvm_entry and kvm_exit times (perf clock, ns).</summary>
internal readonly record struct KvmTimes(long Entry, long Exit);
