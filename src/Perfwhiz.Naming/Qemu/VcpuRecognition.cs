using System.Globalization;

namespace Perfwhiz.Naming.Qemu;

/// <summary>Tells a qemu vcpu thread, and its vcpu number, from what procfs says about the thread.</summary>
internal static class VcpuRecognition
{
    private const string ThreadNamePrefix = "CPU ";
    private const string CgroupPrefix = "vcpu";

    /// <param name="comm">The thread's name: qemu's <c>debug-threads=on</c> names vcpus <c>CPU 0/KVM</c>, <c>CPU 1/TCG</c>.</param>
    /// <param name="cgroup">
    /// The thread's <c>cgroup</c> file: libvirt moves vcpu threads into <c>/machine/&lt;instance&gt;.libvirt-qemu/vcpu0</c>
    /// (cgroup v1) or <c>…/libvirt/vcpu0</c> (v2); null when unreadable.
    /// </param>
    /// <param name="cpuset">The thread's <c>cpuset</c> file, the original create-vm-csv.sh's source; null when absent.</param>
    /// <returns>The vcpu number, or null for any other thread.</returns>
    public static int? VcpuIndex(string comm, string? cgroup, string? cpuset)
    {
        if (FromThreadName(comm) is { } index)
        {
            return index;
        }

        // A cgroup line is "hierarchy:controllers:path"; the path may itself hold colons.
        var paths = (cgroup ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 3))
            .Where(parts => parts.Length == 3)
            .Select(parts => parts[2]);
        if (cpuset is not null)
        {
            paths = paths.Append(cpuset.TrimEnd('\n'));
        }

        return paths.Select(FromCgroupPath).FirstOrDefault(found => found is not null);
    }

    // The accelerator after the slash varies: KVM, TCG, HVF, WHPX...
    private static int? FromThreadName(string comm)
    {
        var slash = comm.IndexOf('/', StringComparison.Ordinal);
        return comm.StartsWith(ThreadNamePrefix, StringComparison.Ordinal) && slash > 0 && slash < comm.Length - 1
            ? Number(comm[ThreadNamePrefix.Length..slash])
            : null;
    }

    private static int? FromCgroupPath(string path)
    {
        var leaf = path[(path.LastIndexOf('/') + 1)..];
        return leaf.StartsWith(CgroupPrefix, StringComparison.Ordinal) ? Number(leaf[CgroupPrefix.Length..]) : null;
    }

    private static int? Number(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
