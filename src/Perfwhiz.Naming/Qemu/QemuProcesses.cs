namespace Perfwhiz.Naming.Qemu;

/// <summary>
/// Finds qemu processes and their threads in procfs. The procfs root is a parameter so that other forms
/// of it (libvirt's cgroup v1 and v2 placements, the original's cpuset) can be read from a copy.
/// </summary>
public static class QemuProcesses
{
    public const string DefaultProcRoot = "/proc";

    /// <summary>Every qemu process running now, in pid order; those that exit while being read are left out.</summary>
    public static IReadOnlyList<QemuProcess> FindAll(string procRoot = DefaultProcRoot)
    {
        var processes = new List<QemuProcess>();
        foreach (var pid in ProcFile.Ids(procRoot))
        {
            if (ReadCommandLine(procRoot, pid) is { } commandLine && ReadThreads(procRoot, pid, commandLine) is { } process)
            {
                processes.Add(process);
            }
        }

        return processes;
    }

    /// <summary>The qemu process <paramref name="pid"/>; a <see cref="PerfwhizException"/> when there is none.</summary>
    public static QemuProcess Read(int pid, string procRoot = DefaultProcRoot)
    {
        var argv = ReadArgv(procRoot, pid) ?? throw NoProcess(pid);
        var commandLine = QemuCommandLine.Parse(argv)
            ?? throw new PerfwhizException($"process {pid} ({ReadComm(Path.Combine(procRoot, pid.ToString()))}) is not a qemu process");
        return ReadThreads(procRoot, pid, commandLine) ?? throw NoProcess(pid);
    }

    private static QemuCommandLine? ReadCommandLine(string procRoot, int pid) =>
        ReadArgv(procRoot, pid) is { } argv ? QemuCommandLine.Parse(argv) : null;

    /// <returns>The process's arguments (none for a kernel thread), or null when there is no such process.</returns>
    private static List<string>? ReadArgv(string procRoot, int pid) =>
        ProcFile.Read(Path.Combine(procRoot, pid.ToString(), "cmdline")) is { } cmdline
            ? [.. cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries)]
            : null;

    /// <returns>The process with its threads, or null when it exited before any thread could be read.</returns>
    private static QemuProcess? ReadThreads(string procRoot, int pid, QemuCommandLine commandLine)
    {
        var taskFolder = Path.Combine(procRoot, pid.ToString(), "task");
        var threads = new List<QemuThread>();
        var emulators = 0;
        foreach (var tid in ProcFile.Ids(taskFolder))
        {
            var folder = Path.Combine(taskFolder, tid.ToString());
            if (ReadComm(folder) is not { } comm)
            {
                continue; // the thread exited since the listing
            }

            var vcpu = VcpuRecognition.VcpuIndex(comm, ProcFile.Read(Path.Combine(folder, "cgroup")), ProcFile.Read(Path.Combine(folder, "cpuset")));
            threads.Add(vcpu is { } index
                ? new QemuThread(tid, comm, QemuThreadKind.Vcpu, index)
                : new QemuThread(tid, comm, QemuThreadKind.Emulator, emulators++));
        }

        return threads.Count == 0 ? null : new QemuProcess(pid, commandLine.GuestName, commandLine.Uuid, threads);
    }

    private static string? ReadComm(string folder) => ProcFile.Read(Path.Combine(folder, "comm"))?.TrimEnd('\n');

    private static PerfwhizException NoProcess(int pid) => new($"there is no process {pid}");
}
