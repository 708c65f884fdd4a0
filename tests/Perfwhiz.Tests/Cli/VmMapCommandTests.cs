using System.CommandLine;
using Perfwhiz.Cli;
using Perfwhiz.Perfcap;

namespace Perfwhiz.Tests.Cli;

/// <summary>perfcap vm-map's refusals: a bad command line, a pid that is not a VM, a VM whose vcpus cannot be told.</summary>
[Trait("Kind", "unit")]
public sealed class VmMapCommandTests
{
    [Theory]
    [InlineData("abc", "router", "1", "the qemu pid must be a positive number, not 'abc'")]
    [InlineData("0", "router", "1", "the qemu pid must be a positive number, not '0'")]
    [InlineData("123", " ", "1", "the vm type must be a non-empty name on one line")]
    [InlineData("123", "router\nfirewall", "1", "the vm type must be a non-empty name on one line")]
    [InlineData("123", "router", "x", "the vm id must be a number from 0, not 'x'")]
    [InlineData("123", "router", "+1", "the vm id must be a number from 0, not '+1'")]
    public void ABadCommandLineIsAParseError(string pid, string vmType, string vmId, string message)
    {
        var parse = new RootCommand { VmMapCommand.Create() }.Parse(["vm-map", pid, vmType, vmId]);

        Assert.Equal([message], parse.Errors.Select(error => error.Message));
    }

    [Fact]
    public void APidWithNoProcessIsOneClearError()
    {
        // Pids stay below pid_max: no process has that one.
        var pid = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max"));

        var error = Assert.Throws<PerfwhizException>(() => Invoke(pid.ToString(), "router", "1"));

        Assert.Equal($"there is no process {pid}", error.Message);
    }

    [Fact]
    public void AProcessThatIsNotQemuIsOneClearError()
    {
        var comm = File.ReadAllText("/proc/self/comm").TrimEnd('\n');

        var error = Assert.Throws<PerfwhizException>(() => Invoke(Environment.ProcessId.ToString(), "router", "1"));

        Assert.Equal($"process {Environment.ProcessId} ({comm}) is not a qemu process", error.Message);
    }

    [Fact]
    public void AVmWhoseVcpusCannotBeToldPrintsNothingAndSaysHowToNameThem()
    {
        using var procfs = new ProcfsCopy();
        procfs.AddProcess(9000, "qemu-system-x86_64", "-name", "plain");
        procfs.AddThread(9000, 9000, "qemu-system-x86", "0::/\n");
        procfs.AddThread(9000, 9001, "qemu-system-x86", "0::/\n");
        var output = new StringWriter();

        var error = Assert.Throws<PerfwhizException>(() => VmMapCommand.Run(9000, "router", 1, procfs.Root, output));

        Assert.Equal("qemu process 9000: no vcpu thread recognised (start qemu with -name <guest>,debug-threads=on, or under libvirt)", error.Message);
        Assert.Equal(string.Empty, output.ToString());
    }

    private static ExitCode Invoke(params string[] arguments)
    {
        var parse = new RootCommand { VmMapCommand.Create() }.Parse(["vm-map", .. arguments]);
        Assert.Empty(parse.Errors);
        return (ExitCode)parse.Invoke(new InvocationConfiguration { Output = TextWriter.Null, EnableDefaultExceptionHandler = false });
    }
}
