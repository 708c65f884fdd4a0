using System.Runtime.InteropServices;

namespace Perfwhiz.Conversion;

/// <summary>
/// A record decoded to the few numbers the conversion needs, small enough to queue by the
/// hundred thousand while perf's per-CPU chunks are put back in time order. Each kind has at most
/// one <see cref="TracepointFields.Number"/> and one <see cref="TracepointFields.Related"/> value:
/// they share storage, and are read by the names of what they mean for the kind.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal struct PendingEvent
{
    /// <summary>
    /// <see cref="Task"/> or <see cref="NextTask"/> of a record on its way to the assembly thread:
    /// the name's bytes travel beside it, to be interned there (see <see cref="PendingBatch"/>).
    /// </summary>
    public const int NameFollows = int.MinValue;

    /// <summary>As <see cref="NameFollows"/>, for a name longer than a kernel comm, which travels apart in its batch.</summary>
    public const int LongNameFollows = int.MinValue + 1;

    /// <summary>perf clock, ns.</summary>
    public long TimeNs;

    public int Cpu;

    /// <summary>The task the event is about: switch prev_pid, wakeup/runtime/sleep pid, kvm or comm tid.</summary>
    public int Pid;

    /// <summary>Interned name of <see cref="Pid"/>, or -1 when the record carries none.</summary>
    public int Task;

    /// <summary>Switch: interned next_comm.</summary>
    public int NextTask;

    public PendingKind Kind;

    private long number;
    private int related;

    /// <summary>
    /// <see cref="PendingKind.SwitchAfterRuntime"/>: prev_state, in the padding after <see cref="Kind"/>
    /// (it fits 16 bits on every kernel; a switch whose does not is not folded), so that a record
    /// stays 40 bytes: the folded run time takes <see cref="FoldedRuntimeNs"/>.
    /// </summary>
    public ushort FoldedPrevState;

    /// <summary>Switch: prev_state.</summary>
    public long PrevState { readonly get => number; set => number = value; }

    /// <summary><see cref="PendingKind.SwitchAfterRuntime"/>: the sched_stat_runtime folded into the switch (ns).</summary>
    public long FoldedRuntimeNs { readonly get => number; set => number = value; }

    /// <summary>sched_stat_runtime: the run time; sched_stat_sleep/iowait: the delay (ns).</summary>
    public long DurationNs { readonly get => number; set => number = value; }

    /// <summary>kvm_exit: the exit reason.</summary>
    public long ExitReason { readonly get => number; set => number = value; }

    /// <summary>Switch: next_pid.</summary>
    public int NextPid { readonly get => related; set => related = value; }

    /// <summary>Wakeups: the CPU the task is woken on.</summary>
    public int TargetCpu { readonly get => related; set => related = value; }

    /// <summary>kvm_exit: the ISA (1 VMX, 2 SVM).</summary>
    public int Isa { readonly get => related; set => related = value; }

    /// <summary>Fork: the parent's tid.</summary>
    public int ParentTid { readonly get => related; set => related = value; }

    /// <summary>The field the catalog names <see cref="TracepointFields.Number"/>, whatever it means for the kind.</summary>
    public long Number { readonly get => number; set => number = value; }

    /// <summary>The field the catalog names <see cref="TracepointFields.Related"/>, whatever it means for the kind.</summary>
    public int Related { readonly get => related; set => related = value; }
}
