using Perfwhiz.Naming.Qemu;

namespace Perfwhiz.Tests.Annotation;

/// <summary>
/// qemu discovery on procfs copies of what this machine cannot show: VMs placed by libvirt in cgroup v1 and v2,
/// the original's cpuset form, qemu without thread names, and threads and processes exiting mid-read.
/// </summary>
[Trait("Kind", "unit")]
public sealed class QemuProcfsCopyTests : IDisposable
{
    private const string Uuid = "8f81e3a1-3ebd-4015-bbee-e291f0672d02";
    private readonly ProcfsCopy procfs = new();

    public void Dispose() => procfs.Dispose();

    [Fact]
    public void LibvirtCgroupV1PlacementTellsTheVcpus()
    {
        // An older qemu under libvirt: no thread names, every thread is "qemu-kvm".
        procfs.AddProcess(4000, "/usr/libexec/qemu-kvm", "-name", "instance-00000001", "-S", "-uuid", Uuid, "-smp", "2");
        procfs.AddThread(4000, 4000, "qemu-kvm", CgroupV1("emulator"));
        procfs.AddThread(4000, 4001, "qemu-kvm", CgroupV1("emulator"));
        procfs.AddThread(4000, 4003, "qemu-kvm", CgroupV1("vcpu0"));
        procfs.AddThread(4000, 4004, "qemu-kvm", CgroupV1("vcpu1"));
        procfs.AddThread(4000, 4010, "qemu-kvm", CgroupV1("emulator"));

        var vm = Assert.Single(QemuProcesses.FindAll(procfs.Root));

        Assert.Equal((4000, "instance-00000001", Uuid), (vm.Pid, vm.GuestName, vm.Uuid));
        Assert.Equal(
            ["4000 emulator0", "4001 emulator1", "4003 vcpu0", "4004 vcpu1", "4010 emulator2"],
            vm.Threads.Select(thread => $"{thread.Tid} {thread.Type}"));
    }

    [Fact]
    public void LibvirtCgroupV2PlacementTellsTheVcpus()
    {
        procfs.AddProcess(5000, "/usr/bin/qemu-system-x86_64", "-name", "guest=web,debug-threads=off", "-uuid", Uuid);
        procfs.AddThread(5000, 5000, "qemu-system-x86", CgroupV2("emulator"));
        procfs.AddThread(5000, 5002, "qemu-system-x86", CgroupV2("vcpu1"));
        procfs.AddThread(5000, 5001, "qemu-system-x86", CgroupV2("vcpu0"));
        procfs.AddThread(5000, 5003, "qemu-system-x86", CgroupV2("iothread1"));

        var vm = QemuProcesses.Read(5000, procfs.Root);

        Assert.Equal("web", vm.GuestName);
        Assert.Equal(["5000 emulator0", "5001 vcpu0", "5002 vcpu1", "5003 emulator1"], vm.Threads.Select(thread => $"{thread.Tid} {thread.Type}"));
    }

    [Fact]
    public void TheOriginalsCpusetFileAloneTellsTheVcpus()
    {
        procfs.AddProcess(19230, "qemu-system-x86_64", "-name", "instance-000019f4");
        procfs.AddThread(19230, 19230, "qemu-system-x86", "0::/\n", "/machine/instance-000019f4.libvirt-qemu/emulator");
        procfs.AddThread(19230, 19236, "qemu-system-x86", "0::/\n", "/machine/instance-000019f4.libvirt-qemu/vcpu0");

        var vm = QemuProcesses.Read(19230, procfs.Root);

        Assert.Equal(["19230 emulator0", "19236 vcpu0"], vm.Threads.Select(thread => $"{thread.Tid} {thread.Type}"));
    }

    [Fact]
    public void QemusThreadNamesTellTheVcpusWhateverTheAccelerator()
    {
        procfs.AddProcess(6000, "qemu-system-aarch64", "-name", "guest=arm,debug-threads=on");
        procfs.AddThread(6000, 6000, "qemu-system-aar", "0::/\n");
        procfs.AddThread(6000, 6001, "CPU 1/TCG", "0::/\n");
        procfs.AddThread(6000, 6002, "CPU 0/TCG", "0::/\n");
        procfs.AddThread(6000, 6003, "CPU 12/KVM", "0::/\n");
        procfs.AddThread(6000, 6004, "CPU x/KVM", "0::/\n");

        var vm = QemuProcesses.Read(6000, procfs.Root);

        Assert.Equal(["6000 emulator0", "6001 vcpu1", "6002 vcpu0", "6003 vcpu12", "6004 emulator1"], vm.Threads.Select(thread => $"{thread.Tid} {thread.Type}"));
    }

    [Theory]
    [InlineData("guest=router1,debug-threads=on", "router1")]
    [InlineData("router1", "router1")]
    [InlineData("router1,debug-threads=on", "router1")]
    [InlineData("debug-threads=on,guest=router1", "router1")]
    [InlineData("guest=a,,b,,,,c,process=qemu-a", "a,b,,c")]
    [InlineData("a,,b", "a,b")]
    [InlineData("guest=x=y", "x=y")]
    [InlineData("debug-threads=on", null)]
    [InlineData("guest=", null)]
    public void TheGuestNameIsReadAsQemuReadsItsNameOption(string nameOption, string? guestName)
    {
        procfs.AddProcess(7000, "/usr/bin/qemu-system-x86_64", "-m", "64", "--name", nameOption, "-smp", "1");
        procfs.AddThread(7000, 7000, "qemu-system-x86", "0::/\n");

        Assert.Equal(guestName, QemuProcesses.Read(7000, procfs.Root).GuestName);
    }

    [Fact]
    public void ALaterNameOptionOverridesAnEarlierOneAndAMissingOneLeavesNoName()
    {
        procfs.AddProcess(7100, "qemu-system-x86_64", "-name", "first", "-name", "guest=second");
        procfs.AddThread(7100, 7100, "qemu-system-x86", "0::/\n");
        procfs.AddProcess(7200, "qemu-system-x86_64", "-uuid", Uuid, "-name");
        procfs.AddThread(7200, 7200, "qemu-system-x86", "0::/\n");

        Assert.Equal("second", QemuProcesses.Read(7100, procfs.Root).GuestName);
        var unnamed = QemuProcesses.Read(7200, procfs.Root);
        Assert.Null(unnamed.GuestName);
        Assert.Equal(Uuid, unnamed.Uuid);
    }

    [Fact]
    public void AThreadThatExitsWhileBeingReadIsLeftOutAndTheNumberingGoesOn()
    {
        procfs.AddProcess(8000, "qemu-system-x86_64", "-name", "guest=router1,debug-threads=on");
        procfs.AddThread(8000, 8000, "qemu-system-x86", "0::/\n");
        procfs.AddExitedThread(8000, 8001);
        procfs.AddThread(8000, 8002, "CPU 0/KVM", "0::/\n");
        procfs.AddThread(8000, 8003, "worker", "0::/\n");

        var vm = QemuProcesses.Read(8000, procfs.Root);

        Assert.Equal(["8000 emulator0", "8002 vcpu0", "8003 emulator1"], vm.Threads.Select(thread => $"{thread.Tid} {thread.Type}"));
    }

    [Fact]
    public void FindAllKeepsQemuProcessesOnlyAndSkipsThoseThatExitWhileBeingRead()
    {
        procfs.AddProcess(1, "/sbin/init");
        procfs.AddThread(1, 1, "systemd", "0::/init.scope\n");
        procfs.AddProcess(2);
        procfs.AddThread(2, 2, "kthreadd", "0::/\n");
        procfs.AddExitedProcess(8100);
        procfs.AddProcess(8200, "qemu-system-x86_64", "-name", "gone");
        procfs.AddExitedThread(8200, 8200);
        procfs.AddProcess(8300, "/usr/bin/qemu-system-x86_64", "-name", "guest=router2,debug-threads=on");
        procfs.AddThread(8300, 8300, "qemu-system-x86", "0::/\n");
        procfs.AddProcess(8400, "/usr/bin/qemu-x86_64", "./a.out");
        procfs.AddThread(8400, 8400, "qemu-x86_64", "0::/\n");
        Directory.CreateDirectory(Path.Combine(procfs.Root, "sys"));

        var found = QemuProcesses.FindAll(procfs.Root);

        Assert.Equal([8300], found.Select(process => process.Pid));
        Assert.Equal("there is no process 8200", Assert.Throws<PerfwhizException>(() => QemuProcesses.Read(8200, procfs.Root)).Message);
    }

    [Fact]
    public void ReadingAProcessThatIsNotQemuSaysWhatItIs()
    {
        procfs.AddProcess(1, "/sbin/init", "splash");
        procfs.AddThread(1, 1, "systemd", "0::/init.scope\n");
        procfs.AddProcess(2);
        procfs.AddThread(2, 2, "kthreadd", "0::/\n");

        Assert.Equal("process 1 (systemd) is not a qemu process", Assert.Throws<PerfwhizException>(() => QemuProcesses.Read(1, procfs.Root)).Message);
        Assert.Equal("process 2 (kthreadd) is not a qemu process", Assert.Throws<PerfwhizException>(() => QemuProcesses.Read(2, procfs.Root)).Message);
        Assert.Equal("there is no process 3", Assert.Throws<PerfwhizException>(() => QemuProcesses.Read(3, procfs.Root)).Message);
    }

    [Fact]
    public void WithoutThreadNamesOrLibvirtNoVcpuIsRecognised()
    {
        procfs.AddProcess(9000, "qemu-system-x86_64", "-name", "plain", "-smp", "2");
        foreach (var tid in new[] { 9000, 9001, 9002, 9003 })
        {
            procfs.AddThread(9000, tid, "qemu-system-x86", "0::/user.slice/user-0.slice/session-1.scope\n", "/");
        }

        var vm = QemuProcesses.Read(9000, procfs.Root);

        Assert.False(vm.VcpusRecognised);
        Assert.All(vm.Threads, thread => Assert.Equal(QemuThreadKind.Emulator, thread.Kind));
    }

    private static string CgroupV1(string leaf) =>
        $"""
        11:blkio:/machine/instance-00000001.libvirt-qemu
        10:cpuset:/machine/instance-00000001.libvirt-qemu/{leaf}
        4:cpu,cpuacct:/machine/instance-00000001.libvirt-qemu/{leaf}
        3:memory:/machine/instance-00000001.libvirt-qemu
        1:name=systemd:/system.slice/libvirtd.service

        """;

    private static string CgroupV2(string leaf) => $"0::/machine.slice/machine-qemu\\x2d2\\x2dweb.scope/libvirt/{leaf}\n";
}
