using System.Runtime.InteropServices;

namespace Perfwhiz.Conversion;

/// <summary>
/// A record decoded to the few numbers the conversion needs, small enough to queue by the
/// hundred thousand while perf's per-CPU chunks are put back in time order.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal struct PendingEvent
{
    /// <summary>perf clock, ns.</summary>
    public long TimeNs;

    /// <summary>Switch: prev_state; runtime/sleep/iowait: ns; kvm_exit: exit reason.</summary>
    public long Value;

    public int Cpu;

    /// <summary>The task the event is about: switch prev_pid, wakeup/runtime/sleep pid, kvm or comm tid.</summary>
    public int Pid;

    /// <summary>Interned name of <see cref="Pid"/>, or -1 when the record carries none.</summary>
    public int Task;

    /// <summary>Switch: next_pid; wakeup: target CPU; kvm_exit: isa.</summary>
    public int OtherPid;

    /// <summary>Switch: interned next_comm.</summary>
    public int OtherTask;

    public PendingKind Kind;
}
