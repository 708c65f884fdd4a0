using Perfwhiz.Captures.Annotation;
using Perfwhiz.Naming.Qemu;

namespace Perfwhiz.Tests.Annotation;

/// <summary>
/// Maps naming qemu threads <c>&lt;vm&gt;.&lt;type&gt;</c>: by <c>-name guest=</c>, by a uuid lookup as the libvirt and
/// OpenStack sources will do, and in precedence with a CSV map; on a procfs copy of two libvirt VMs.
/// </summary>
[Trait("Kind", "unit")]
public sealed class QemuTaskMapTests : IDisposable
{
    private const string RouterUuid = "0b7d2f8e-2f0e-4a1c-9a43-4c6f1d1e0a01";
    private const string FirewallUuid = "5e2c9a77-8d1b-4f3e-b1a2-77c0e6f4d302";
    private readonly ProcfsCopy procfs = new();

    public QemuTaskMapTests()
    {
        procfs.AddProcess(3000, "/usr/bin/qemu-system-x86_64", "-name", "guest=instance-00000001,debug-threads=on", "-uuid", RouterUuid);
        procfs.AddThread(3000, 3000, "qemu-system-x86", "0::/\n");
        procfs.AddThread(3000, 3002, "CPU 0/KVM", "0::/\n");
        procfs.AddThread(3000, 3003, "CPU 1/KVM", "0::/\n");
        procfs.AddThread(3000, 3004, "IO mon_iothread", "0::/\n");
        procfs.AddProcess(3100, "/usr/bin/qemu-system-x86_64", "-name", "guest=instance-00000002,debug-threads=on", "-uuid", FirewallUuid);
        procfs.AddThread(3100, 3100, "qemu-system-x86", "0::/\n");
        procfs.AddThread(3100, 3101, "CPU 0/KVM", "0::/\n");
        procfs.AddProcess(3200, "/usr/bin/qemu-system-x86_64", "-smp", "1");
        procfs.AddThread(3200, 3200, "qemu-system-x86", "0::/\n");
        procfs.AddThread(3200, 3201, "CPU 0/KVM", "0::/\n");
        procfs.AddProcess(3300, "/usr/bin/qemu-system-x86_64", "-name", "no-thread-names");
        procfs.AddThread(3300, 3300, "qemu-system-x86", "0::/\n");
        procfs.AddThread(3300, 3301, "qemu-system-x86", "0::/\n");
    }

    public void Dispose() => procfs.Dispose();

    [Fact]
    public void EachNamedVmsThreadsAreNamedGuestDotType()
    {
        var map = QemuTaskMap.FromGuestNames(QemuProcesses.FindAll(procfs.Root));

        Assert.Equal(
            new Dictionary<int, string>
            {
                [3000] = "instance-00000001.emulator0",
                [3002] = "instance-00000001.vcpu0",
                [3003] = "instance-00000001.vcpu1",
                [3004] = "instance-00000001.emulator1",
                [3100] = "instance-00000002.emulator0",
                [3101] = "instance-00000002.vcpu0",
            },
            map.NamesByTid);
        Assert.Equal("qemu -name guest= (2 VMs)", map.Source);
    }

    [Fact]
    public void AVmNameByUuidTakesPrecedenceOverTheGuestNameAndACsvMapOverBoth()
    {
        var processes = QemuProcesses.FindAll(procfs.Root);
        var namesByUuid = new Dictionary<string, string>(StringComparer.Ordinal) { [RouterUuid] = "router-a" };
        var byUuid = QemuTaskMap.NameThreads(processes, process => process.Uuid is { } uuid ? namesByUuid.GetValueOrDefault(uuid) : null, "OpenStack stand-in");
        var csv = TaskMap.Parse("3003,,vcpu1,,,7,Pinned\n", "pinned.csv");

        var map = TaskMap.FirstWins([csv, byUuid, QemuTaskMap.FromGuestNames(processes)]);

        Assert.Equal("Pinned.07.vcpu1", map.NamesByTid[3003]);
        Assert.Equal("router-a.vcpu0", map.NamesByTid[3002]);
        Assert.Equal("router-a.emulator0", map.NamesByTid[3000]);
        Assert.Equal("instance-00000002.vcpu0", map.NamesByTid[3101]);
        Assert.Equal("CSV map pinned.csv + OpenStack stand-in (1 VM) + qemu -name guest= (2 VMs)", map.Source);
    }
}
