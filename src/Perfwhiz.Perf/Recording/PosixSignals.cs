using System.Runtime.InteropServices;

namespace Perfwhiz.Perf.Recording;

/// <summary>Sends a signal to another process: .NET can only kill (SIGKILL), and perf must be interrupted to finish its file.</summary>
internal static partial class PosixSignals
{
    private const int SigInt = 2;

    public static void Interrupt(int pid) => _ = Kill(pid, SigInt);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
