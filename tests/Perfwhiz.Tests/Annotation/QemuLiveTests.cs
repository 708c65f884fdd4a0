using System.CommandLine;
using Perfwhiz.Captures.Annotation;
using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;
using Perfwhiz.Naming.Qemu;
using Perfwhiz.Perfcap;
using Perfwhiz.Tests.Cdict;

namespace Perfwhiz.Tests.Annotation;

/// <summary>
/// Discovery, vm-map and the qemu annotation on two real VMs: thread ids and names as /proc shows them,
/// and the annotated names in a real perf capture of the VMs.
/// </summary>
[Trait("Kind", "live")]
public sealed class QemuLiveTests(QemuVms vms) : IClassFixture<QemuVms>
{
    [Fact]
    public void DiscoveryFindsBothVmsWithTheirNamesUuidsAndTwoVcpusEach()
    {
        if (!vms.Available)
        {
            QemuVms.SkipAbsent();
            return;
        }

        var found = QemuProcesses.FindAll().Where(process => process.Pid == vms.Router1 || process.Pid == vms.Router2).ToList();

        Assert.Equal([("router1", QemuVms.Router1Uuid), ("router2", QemuVms.Router2Uuid)], found.Select(process => (process.GuestName, process.Uuid)));
        foreach (var vm in found)
        {
            Assert.Equal(ProcTids(vm.Pid), vm.Threads.Select(thread => thread.Tid));
            Assert.Equal(["vcpu0", "vcpu1"], vm.Threads.Where(thread => thread.Kind == QemuThreadKind.Vcpu).Select(thread => thread.Type).Order(StringComparer.Ordinal));
            Assert.All(vm.Threads, thread => Assert.Equal(File.ReadAllText($"/proc/{vm.Pid}/task/{thread.Tid}/comm").TrimEnd('\n'), thread.Comm));
            Assert.All(vm.Threads.Where(thread => thread.Kind == QemuThreadKind.Vcpu), thread => Assert.StartsWith($"CPU {thread.Index}/", thread.Comm, StringComparison.Ordinal));
            var emulator = vm.Threads.First(thread => thread.Kind == QemuThreadKind.Emulator);
            Assert.Equal((vm.Pid, "emulator0"), (emulator.Tid, emulator.Type));
        }
    }

    [Fact]
    public void VmMapPrintsOneLinePerThreadThatTheCsvMapReadsBack()
    {
        if (!vms.Available)
        {
            QemuVms.SkipAbsent();
            return;
        }

        var lines = VmMap(vms.Router2.ToString(), "router", "2");

        var threads = QemuProcesses.Read(vms.Router2).Threads;
        Assert.Equal(ProcTids(vms.Router2), lines.Select(line => int.Parse(line.Split(',')[0])));
        Assert.Equal(threads.Select(thread => $"{thread.Tid},router2,{thread.Type},{QemuVms.Router2Uuid},,2,router"), lines);
        var names = TaskMap.Parse(string.Join('\n', lines), "router2.csv").NamesByTid;
        var vcpus = threads.Where(thread => thread.Kind == QemuThreadKind.Vcpu).ToList();
        Assert.Equal(["router.02.vcpu0", "router.02.vcpu1"], vcpus.Select(thread => names[thread.Tid]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheQemuMapAndAVmMapNameTheVmsThreadsInARealCapture()
    {
        if (!vms.Available)
        {
            QemuVms.SkipAbsent();
            return;
        }

        if (PerfTool.MissingReason is { } reason)
        {
            Assert.Skip($"{reason}: annotation of a real capture not checked");
            return;
        }

        using var folder = new TemporaryDirectory();
        var perfData = folder.File("vms.perf.data");
        var record = PerfTool.Run(["record", "-q", "-e", "sched:sched_switch", "-p", $"{vms.Router1},{vms.Router2}", "-o", perfData, "--", "sleep", "1"]);
        Assert.True(record.ExitCode == 0, string.Join('\n', record.StdErr));
        var capture = PerfConversion.Convert(perfData);
        File.WriteAllLines(folder.File("router1.csv"), VmMap(vms.Router1.ToString(), "router", "1"));
        var processes = QemuProcesses.FindAll();

        var map = TaskMap.FirstWins([TaskMap.Load(folder.File("router1.csv")), QemuTaskMap.FromGuestNames(processes)]);
        map.ApplyTo(capture);

        var namesByTid = Enumerable.Range(0, capture.Events.Count)
            .GroupBy(row => capture.Events.Pid[row])
            .ToDictionary(rows => rows.Key, rows => rows.Select(row => capture.Names[capture.Events.Task[row]]).Distinct().ToList());
        foreach (var thread in processes.Single(process => process.Pid == vms.Router1).Threads.Where(thread => namesByTid.ContainsKey(thread.Tid)))
        {
            Assert.Equal([$"router.01.{thread.Type}"], namesByTid[thread.Tid]);
        }

        foreach (var thread in processes.Single(process => process.Pid == vms.Router2).Threads.Where(thread => namesByTid.ContainsKey(thread.Tid)))
        {
            Assert.Equal([$"router2.{thread.Type}"], namesByTid[thread.Tid]);
        }

        // The boot vcpus run (and switch) in any second of firmware idling.
        Assert.Contains(["router.01.vcpu0"], namesByTid.Values);
        Assert.Contains(["router2.vcpu0"], namesByTid.Values);
        Assert.StartsWith($"CSV map {folder.File("router1.csv")} + qemu -name guest= (", capture.Info.AnnotationSource, StringComparison.Ordinal);
    }

    private static List<int> ProcTids(int pid) =>
        [.. Directory.GetDirectories($"/proc/{pid}/task").Select(task => int.Parse(Path.GetFileName(task))).Order()];

    /// <summary>Runs the vm-map command as perfcap's root will hold it, returning its output lines.</summary>
    private static List<string> VmMap(params string[] arguments)
    {
        var output = new StringWriter();
        var parse = new RootCommand { VmMapCommand.Create() }.Parse(["vm-map", .. arguments]);
        Assert.Empty(parse.Errors);
        Assert.Equal(0, parse.Invoke(new InvocationConfiguration { Output = output, EnableDefaultExceptionHandler = false }));
        return [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
