using Perfwhiz.Captures.Annotation;
using Perfwhiz.Naming.Qemu;

namespace Perfwhiz.Tests.Annotation;

/// <summary>vm-map lines in the original create-vm-csv.sh's shape, read back by the CSV task map.</summary>
[Trait("Kind", "unit")]
public sealed class VmMapCsvTests : IDisposable
{
    private readonly ProcfsCopy procfs = new();

    public void Dispose() => procfs.Dispose();

    [Fact]
    public void LinesHoldTidInstanceTypeUuidGroupIdAndNameAndReadBackAsTheOriginalNamedThem()
    {
        procfs.AddProcess(19230, "/usr/bin/qemu-system-x86_64", "-name", "guest=instance-000019f4,debug-threads=on", "-uuid", "8f81e3a1-3ebd-4015-bbee-e291f0672d02");
        procfs.AddThread(19230, 19230, "qemu-system-x86", "0::/\n");
        procfs.AddThread(19230, 19236, "CPU 0/KVM", "0::/\n");
        procfs.AddThread(19230, 19240, "call_rcu", "0::/\n");
        var vm = QemuProcesses.Read(19230, procfs.Root);

        var lines = VmMapCsv.Lines(vm, "Firewall", 5).ToList();

        Assert.Equal(
            [
                "19230,instance-000019f4,emulator0,8f81e3a1-3ebd-4015-bbee-e291f0672d02,,5,Firewall",
                "19236,instance-000019f4,vcpu0,8f81e3a1-3ebd-4015-bbee-e291f0672d02,,5,Firewall",
                "19240,instance-000019f4,emulator1,8f81e3a1-3ebd-4015-bbee-e291f0672d02,,5,Firewall",
            ],
            lines);
        Assert.Equal(
            new Dictionary<int, string> { [19230] = "Firewall.05.emulator0", [19236] = "Firewall.05.vcpu0", [19240] = "Firewall.05.emulator1" },
            TaskMap.Parse(string.Join('\n', lines), "vm.csv").NamesByTid);
    }

    [Fact]
    public void CommasAndQuotesInNamesAreQuotedAndReadBack()
    {
        procfs.AddProcess(100, "qemu-system-x86_64", "-name", "guest=edge,,\"west\",debug-threads=on");
        procfs.AddThread(100, 101, "CPU 0/KVM", "0::/\n");
        var vm = QemuProcesses.Read(100, procfs.Root);

        var line = Assert.Single(VmMapCsv.Lines(vm, "fire,wall", 12));

        Assert.Equal("101,\"edge,\"\"west\"\"\",vcpu0,,,12,\"fire,wall\"", line);
        Assert.Equal("fire,wall.12.vcpu0", TaskMap.Parse(line + "\n", "vm.csv").NamesByTid[101]);
    }
}
