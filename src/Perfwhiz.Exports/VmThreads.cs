namespace Perfwhiz.Exports;

/// <summary>
/// The VMs of a capture, told by their threads' annotated names: <c>router.01.vcpu0</c> and
/// <c>router.01.emulator0</c> are threads of VM <c>router.01</c>. A capture does not record thread
/// groups, so a VM's process id is its lowest thread id: qemu's main thread, whose tid is the
/// process id, is the VM's first thread.
/// </summary>
public sealed class VmThreads
{
    private VmThreads(IReadOnlyList<Vm> vms, IReadOnlyDictionary<int, Vm> vmOfThread)
    {
        Vms = vms;
        VmOfThread = vmOfThread;
    }

    public IReadOnlyList<Vm> Vms { get; }

    /// <summary>The VM of each thread id that belongs to one.</summary>
    public IReadOnlyDictionary<int, Vm> VmOfThread { get; }

    /// <summary>The VM a task name belongs to, or null: the name less its last <c>.vcpuN</c> or <c>.emulatorN</c>.</summary>
    public static string? VmOf(string taskName)
    {
        ArgumentNullException.ThrowIfNull(taskName);
        var dot = taskName.LastIndexOf('.');
        return dot > 0 && IsThreadRole(taskName.AsSpan(dot + 1)) ? taskName[..dot] : null;
    }

    /// <summary>Whether a task name is a vCPU thread's.</summary>
    public static bool IsVcpu(string taskName)
    {
        ArgumentNullException.ThrowIfNull(taskName);
        var dot = taskName.LastIndexOf('.');
        return dot > 0 && IsThreadRole(taskName.AsSpan(dot + 1)) && taskName.AsSpan(dot + 1).StartsWith("vcpu", StringComparison.Ordinal);
    }

    /// <summary>The VMs of the threads named in the capture (each thread by the last name its rows gave it).</summary>
    public static VmThreads Of(Captures.Table.Capture capture, IReadOnlyDictionary<int, int> lastNameOfThread)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(lastNameOfThread);
        var threadsOfVm = new SortedDictionary<string, SortedDictionary<int, string>>(StringComparer.Ordinal);
        foreach (var (tid, name) in lastNameOfThread)
        {
            var taskName = name >= 0 ? capture.Names[name] : string.Empty;
            if (tid > 0 && VmOf(taskName) is { } vm)
            {
                if (!threadsOfVm.TryGetValue(vm, out var threads))
                {
                    threadsOfVm[vm] = threads = [];
                }

                threads[tid] = taskName;
            }
        }

        var vms = threadsOfVm.Select(pair => new Vm(pair.Key, pair.Value.Keys.First(), pair.Value)).ToList();
        var vmOfThread = vms.SelectMany(vm => vm.Threads.Keys.Select(tid => (tid, vm))).ToDictionary(pair => pair.tid, pair => pair.vm);
        return new VmThreads(vms, vmOfThread);
    }

    // vcpuN or emulatorN, as the CSV map, qemu and the cloud sources name VM threads.
    private static bool IsThreadRole(ReadOnlySpan<char> role)
    {
        var number = role.StartsWith("vcpu", StringComparison.Ordinal) ? role[4..]
            : role.StartsWith("emulator", StringComparison.Ordinal) ? role[8..]
            : [];
        return !number.IsEmpty && !number.ContainsAnyExceptInRange('0', '9');
    }

    /// <param name="Name">The VM's name (<c>router.01</c>).</param>
    /// <param name="Pid">Its lowest thread id, standing for qemu's process id.</param>
    /// <param name="Threads">Thread id → annotated thread name.</param>
    public sealed record Vm(string Name, int Pid, IReadOnlyDictionary<int, string> Threads);
}
