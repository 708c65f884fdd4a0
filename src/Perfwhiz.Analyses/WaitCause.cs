namespace Perfwhiz.Analyses;

/// <summary>What started a wait for a CPU; perf sched latency (6.1) counts all but <see cref="Preempted"/>.</summary>
public enum WaitCause : byte
{
    /// <summary>A sleeping thread was woken (sched_wakeup, wakeup_new; sched_waking when only it was recorded).</summary>
    Woken,

    /// <summary>Switched out runnable with prev_state 0 (a yield): perf reads it as "R".</summary>
    Runnable,

    /// <summary>Switched out runnable with the preempted flag ("R+"), which perf 6.1 misreads as a sleep.</summary>
    Preempted,

    /// <summary>First seen being switched in: the wait is unknown and counted as 0, as perf does.</summary>
    FirstSeen,
}
