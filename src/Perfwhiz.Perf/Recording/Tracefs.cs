using System.Diagnostics;

namespace Perfwhiz.Perf.Recording;

/// <summary>The running kernel's tracefs: where its tracepoints are listed, mounted on demand.</summary>
public static class Tracefs
{
    public const string MountPoint = "/sys/kernel/tracing";

    // The second is where kernels before 4.1 (and some distributions still) put it, under debugfs.
    private static readonly string[] EventFolders = [MountPoint + "/events", "/sys/kernel/debug/tracing/events"];

    /// <summary>The folder listing the kernel's tracepoints (system/event/format), or null when tracefs is not mounted.</summary>
    public static string? FindEventsFolder() => EventFolders.FirstOrDefault(Directory.Exists);

    /// <summary>The tracepoint folder, mounting tracefs first when it is not mounted and the caller may.</summary>
    public static string EnsureMounted(bool mayMount)
    {
        var found = FindEventsFolder();
        if (found is not null)
        {
            return found;
        }

        if (!mayMount)
        {
            throw new PerfwhizException($"tracefs is not mounted: run as root so that perfcap can mount it, or: sudo mount -t tracefs nodev {MountPoint}");
        }

        Mount();
        return FindEventsFolder()
            ?? throw new PerfwhizException($"tracefs was mounted on {MountPoint} but lists no events: is CONFIG_TRACING off in this kernel?");
    }

    private static void Mount()
    {
        var start = new ProcessStartInfo("mount") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t", "tracefs", "nodev", MountPoint })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var mount = Process.Start(start)!;
            var error = mount.StandardError.ReadToEnd();
            mount.WaitForExit();
            if (mount.ExitCode != 0)
            {
                throw new PerfwhizException($"tracefs is not mounted and mounting it on {MountPoint} failed: {error.Trim()}");
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PerfwhizException($"tracefs is not mounted and the mount command could not run: {e.Message}", e);
        }
    }
}
