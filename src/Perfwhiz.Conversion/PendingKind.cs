namespace Perfwhiz.Conversion;

/// <summary>What a decoded record waiting in the ordering queue is.</summary>
internal enum PendingKind : byte
{
    Switch,
    StatRuntime,
    StatSleep,
    StatIowait,
    Waking,
    Wakeup,
    WakeupNew,
    KvmExit,
    KvmEntry,
    Comm,
    Fork,
}
