using System.Runtime.InteropServices;

namespace Perfwhiz.Captures.Cdict;

/// <summary>Linux's SCHED_IDLE for the calling thread: it then runs only on a core no other thread of normal priority wants.</summary>
internal static partial class IdlePriority
{
    private const int SchedIdle = 5;

    /// <summary>Puts the calling thread at idle priority; elsewhere than on Linux, or if refused, it keeps its priority.</summary>
    public static void Enter()
    {
        if (OperatingSystem.IsLinux())
        {
            var parameters = 0; // struct sched_param { int sched_priority; }, 0 for SCHED_IDLE
            _ = SchedSetScheduler(0, SchedIdle, ref parameters);
        }
    }

    // pid 0: the calling thread.
    [LibraryImport("libc", EntryPoint = "sched_setscheduler")]
    private static partial int SchedSetScheduler(int pid, int policy, ref int parameters);
}
