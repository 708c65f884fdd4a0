using Perfwhiz.Captures.Annotation;
namespace Perfwhiz.Naming.Qemu;

/// <summary>
/// The task map lines of one qemu VM, as the original's create-vm-csv.sh printed them for
/// <c>&lt;qemu-pid&gt; &lt;vm-type&gt; &lt;vm-id&gt;</c>: one line per thread, read back by <see cref="TaskMap.Parse"/>.
/// </summary>
public static class VmMapCsv
{
    /// <summary>
    /// <c>tid,instance,type,uuid,group-type,group-id,name</c>: the instance is the guest name (libvirt passes its
    /// instance name there), the uuid qemu's <c>-uuid</c>, the group type unknown and left empty.
    /// </summary>
    public static IEnumerable<string> Lines(QemuProcess process, string vmType, int vmId)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentException.ThrowIfNullOrWhiteSpace(vmType);
        ArgumentOutOfRangeException.ThrowIfNegative(vmId);
        return process.Threads.Select(thread => CsvLine.Join(
            [thread.Tid.ToString(), process.GuestName ?? string.Empty, thread.Type, process.Uuid ?? string.Empty, string.Empty, vmId.ToString(), vmType]));
    }
}
