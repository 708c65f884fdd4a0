using System.Runtime.InteropServices;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Puts the calling thread below the process's other threads, so that it runs only on a core they
/// leave idle: Linux's SCHED_IDLE, or, for a process run at a real-time priority (chrt), one step
/// below that priority (SCHED_IDLE would leave it below every other process too).
/// </summary>
internal static partial class IdlePriority
{
    private const int SchedFifo = 1;
    private const int SchedRoundRobin = 2;
    private const int SchedIdle = 5;

    /// <summary>Lowers the calling thread's priority; elsewhere than on Linux, or if refused, it keeps its priority.</summary>
    public static void Enter()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // pid 0: the calling thread. struct sched_param is { int sched_priority; }.
        var policy = SchedGetScheduler(0);
        var priority = 0;
        if ((policy == SchedFifo || policy == SchedRoundRobin) && SchedGetParam(0, ref priority) == 0 && priority > 1)
        {
            priority--;
            _ = SchedSetScheduler(0, policy, ref priority);
            return;
        }

        priority = 0;
        _ = SchedSetScheduler(0, SchedIdle, ref priority);
    }

    [LibraryImport("libc", EntryPoint = "sched_getscheduler")]
    private static partial int SchedGetScheduler(int pid);

    [LibraryImport("libc", EntryPoint = "sched_getparam")]
    private static partial int SchedGetParam(int pid, ref int parameters);

    [LibraryImport("libc", EntryPoint = "sched_setscheduler")]
    private static partial int SchedSetScheduler(int pid, int policy, ref int parameters);
}
