namespace Perfwhiz.Conversion;

/// <summary>What a decoded record waiting in the ordering queue is: a tracepoint of the <see cref="TracepointCatalog"/> (in its order), or a COMM or FORK record.</summary>
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
}
