namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// The cdict columns no task name changes (annotation and naming rewrite only task_name, next_comm
/// and the wakeups' task_name), which can therefore be deflated while a capture is still converted.
/// </summary>
internal enum EarlyColumn
{
    EventKind,
    EventCpu,
    EventUsecs,
    EventPid,
    EventDuration,
    EventNextPid,

    /// <summary>event_prev_state, in the extension stream.</summary>
    EventPrevState,
    WakeupKind,
    WakeupTime,
    WakeupCpu,
    WakeupPid,
    WakeupTargetCpu,
}
