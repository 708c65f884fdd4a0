namespace Perfwhiz.Tests.Infrastructure;

/// <summary>
/// A copy of the procfs files qemu discovery reads (cmdline, and per thread comm, cgroup, cpuset), for the
/// placements that cannot be produced here (libvirt's cgroups, the original's cpusets), in a temp folder.
/// </summary>
internal sealed class ProcfsCopy : IDisposable
{
    public ProcfsCopy()
    {
        Root = Directory.CreateTempSubdirectory("perfwhiz-procfs-").FullName;
    }

    public string Root { get; }

    /// <summary>A process; its threads are added with <see cref="AddThread"/>.</summary>
    public void AddProcess(int pid, params string[] argv)
    {
        Directory.CreateDirectory(Path.Combine(Root, pid.ToString(), "task"));
        File.WriteAllText(Path.Combine(Root, pid.ToString(), "cmdline"), string.Concat(argv.Select(argument => argument + "\0")));
    }

    /// <param name="cpuset">The cpuset file's content; null for a kernel without cpusets, which has no such file.</param>
    public void AddThread(int pid, int tid, string comm, string cgroup, string? cpuset = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, pid.ToString(), "task", tid.ToString())).FullName;
        File.WriteAllText(Path.Combine(folder, "comm"), comm + "\n");
        File.WriteAllText(Path.Combine(folder, "cgroup"), cgroup);
        if (cpuset is not null)
        {
            File.WriteAllText(Path.Combine(folder, "cpuset"), cpuset + "\n");
        }

        if (pid == tid)
        {
            File.WriteAllText(Path.Combine(Root, pid.ToString(), "comm"), comm + "\n");
        }
    }

    /// <summary>A thread as procfs shows one that exits while being read: listed, but its files are gone.</summary>
    public void AddExitedThread(int pid, int tid) => Directory.CreateDirectory(Path.Combine(Root, pid.ToString(), "task", tid.ToString()));

    /// <summary>A process as procfs shows one that exits while being read: listed, but its files are gone.</summary>
    public void AddExitedProcess(int pid) => Directory.CreateDirectory(Path.Combine(Root, pid.ToString()));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
