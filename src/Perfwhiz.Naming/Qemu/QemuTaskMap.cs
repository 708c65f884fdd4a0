using Perfwhiz.Captures.Annotation;

namespace Perfwhiz.Naming.Qemu;

/// <summary>
/// Task maps naming every thread of qemu processes <c>&lt;vm name&gt;.&lt;thread type&gt;</c> (<c>router1.vcpu0</c>,
/// <c>router1.emulator2</c>), whatever knows the VM's name: its own <c>-name</c>, or libvirt or OpenStack by its uuid.
/// </summary>
public static class QemuTaskMap
{
    /// <summary>Names the threads of each VM that <paramref name="vmName"/> knows (null: unknown).</summary>
    /// <remarks>
    /// VMs whose vcpus could not be told apart are left out: calling every thread an emulator thread would mislabel the vcpus.
    /// </remarks>
    public static TaskMap NameThreads(IEnumerable<QemuProcess> processes, Func<QemuProcess, string?> vmName, string source)
    {
        ArgumentNullException.ThrowIfNull(processes);
        ArgumentNullException.ThrowIfNull(vmName);
        var names = new Dictionary<int, string>();
        var vms = 0;
        foreach (var process in processes.Where(process => process.VcpusRecognised))
        {
            if (vmName(process) is not { Length: > 0 } name)
            {
                continue;
            }

            vms++;
            foreach (var thread in process.Threads)
            {
                names[thread.Tid] = $"{name}.{thread.Type}";
            }
        }

        return TaskMap.FromNames(names, $"{source} ({vms} VM{(vms == 1 ? string.Empty : "s")})");
    }

    /// <summary>The qemu source: each VM by its <c>-name guest=</c>, the last in precedence.</summary>
    public static TaskMap FromGuestNames(IEnumerable<QemuProcess> processes) =>
        NameThreads(processes, process => process.GuestName, "qemu -name guest=");
}
