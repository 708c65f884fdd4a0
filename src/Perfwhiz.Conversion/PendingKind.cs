namespace Perfwhiz.Conversion;

/// <summary>What a decoded record waiting in the ordering queue is: a tracepoint of the <see cref="TracepointCatalog"/> (in its order), or a COMM or FORK record (or a marker that travels with them, see <see cref="AssemblyPipeline"/>).</summary>
internal enum PendingKind : byte
{
    Switch,
    StatRuntime,
    Wakeup,
    Waking,
    WakeupNew,
    StatSleep,
    StatIowait,
    KvmExit,
    KvmEntry,
    Comm,
    Fork,

    /// <summary>
    /// A sched_switch with its task's sched_stat_runtime folded in (<see cref="PendingEvent.FoldedRuntimeNs"/>):
    /// the run time the kernel reports as it switches a task out travels with the switch instead of as a record of its own.
    /// </summary>
    SwitchAfterRuntime,

    /// <summary>Not a record: the end of perf's round, passed along with the records to the thread that orders them.</summary>
    RoundEnd,

    /// <summary>Not a record: how much of the capture was read (TimeNs: bytes read, Number: total), for the assembler.</summary>
    Progress,
}
