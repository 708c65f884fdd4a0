using System.Runtime.InteropServices;

namespace Perfwhiz.Perf.Recording;

/// <summary>The two POSIX calls perf recording needs that .NET lacks: interrupting a process and making a FIFO.</summary>
internal static partial class Posix
{
    private const int SigInt = 2;
    private const int OwnerReadWrite = 0x180; // 0600: the FIFOs steer a root perf

    /// <summary>SIGINT: what makes perf flush its buffers and finish its file (.NET can only SIGKILL).</summary>
    public static void Interrupt(int pid) => _ = Kill(pid, SigInt);

    public static void MakeFifo(string path)
    {
        if (MkFifo(path, OwnerReadWrite) != 0)
        {
            throw new PerfwhizException($"cannot create the FIFO {path} to control perf (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);
}
