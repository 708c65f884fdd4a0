namespace Perfwhiz.Captures.Table;

/// <summary>The scheduler tracepoints that mark a task becoming runnable.</summary>
public enum WakeupKind : byte
{
    /// <summary>sched_waking: the waker starts the wakeup (kernel 4.3+).</summary>
    Waking,

    /// <summary>sched_wakeup: the task is on a run queue.</summary>
    Wakeup,

    /// <summary>sched_wakeup_new: a new task is on a run queue for the first time.</summary>
    WakeupNew,
}
