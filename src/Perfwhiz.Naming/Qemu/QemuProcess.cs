namespace Perfwhiz.Naming.Qemu;

/// <summary>A running qemu process: its VM's identity from its command line, and its threads in tid order.</summary>
/// <param name="GuestName">The <c>-name</c> argument's guest name, null when qemu was started without one.</param>
/// <param name="Uuid">The <c>-uuid</c> argument (how libvirt and OpenStack know the VM), null when absent.</param>
public sealed record QemuProcess(int Pid, string? GuestName, string? Uuid, IReadOnlyList<QemuThread> Threads)
{
    /// <summary>
    /// Whether any vcpu thread was told apart. When none was (no <c>debug-threads=on</c>, no libvirt cgroups),
    /// every thread looks like an emulator thread and naming them so would mislabel the vcpus.
    /// </summary>
    public bool VcpusRecognised => Threads.Any(thread => thread.Kind == QemuThreadKind.Vcpu);
}
