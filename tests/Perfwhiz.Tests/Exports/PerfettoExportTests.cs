using System.Text.Json;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;
using Perfwhiz.Tests.Cli;

namespace Perfwhiz.Tests.Exports;

/// <summary>
/// perfmap --export-perfetto, decoded by protoc with Perfetto's schema (see <see cref="PerfettoSchemas"/>
/// for which one) and checked against --json and the capture.
/// </summary>
[Trait("Kind", "process")]
public sealed class PerfettoExportTests(ITestOutputHelper log) : IDisposable
{
    private static readonly (uint Code, string Name)[] Reasons = [(12, "HLT"), (30, "IO_INSTRUCTION"), (48, "EPT_VIOLATION")];

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-perfetto-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void SchedulingWakeupsAndVmThreadsAgreeWithTheJsonAndTheCapture()
    {
        var cdict = QemuCdict();
        var trace = Path.Combine(folder, "qemu.perfetto-trace");
        var json = Path.Combine(folder, "qemu.json");
        var (exitCode, output, error) = ToolProcess.Run("perfmap", cdict, "-t", "router", "--export-perfetto", trace);
        Assert.True(exitCode == 0, error);
        Assert.Contains("2 VMs with 6 threads", output, StringComparison.Ordinal);
        Assert.Equal(0, ToolProcess.Run("perfmap", cdict, "-t", "router", "--json", json).ExitCode);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var switchesPerTask = document.RootElement.GetProperty("cpuUsage").EnumerateArray()
            .ToDictionary(task => task.GetProperty("task").GetString()!, task => task.GetProperty("switches").GetInt64(), StringComparer.Ordinal);
        var capture = CdictFile.Read(cdict);

        foreach (var schema in PerfettoSchemas.Available())
        {
            log.WriteLine($"decoding with the {schema.Label} schema");
            var decoded = PerfettoSchemas.Decode(trace, schema);
            Assert.Empty(decoded.Unknown());
            var bundles = decoded.All("packet").SelectMany(packet => packet.All("ftrace_events")).ToList();
            var sched = DecodedSched.Expand(bundles);
            log.WriteLine($"{sched.Count(e => e.Compact)} of {sched.Count} scheduler events compact");
            Assert.Contains(sched, e => e.Compact && e.Kind == "sched_switch");

            // Each router thread's switches out are those --json counts for it.
            var switchedOut = sched.Where(e => e.Kind == "sched_switch")
                .GroupBy(e => e.Comm, StringComparer.Ordinal).ToDictionary(group => group.Key, group => (long)group.Count(), StringComparer.Ordinal);
            foreach (var (task, switches) in switchesPerTask)
            {
                Assert.Equal(switches, switchedOut[task]);
            }

            // Every wakeup of a router thread, as the tracepoint that recorded it, on the CPU that recorded it.
            var routerWakeups = Enumerable.Range(0, capture.Wakeups.Count).Where(row => capture.Names[capture.Wakeups.Task[row]].StartsWith("router", StringComparison.Ordinal)).ToList();
            var wakeups = sched.Where(e => e.Kind != "sched_switch").ToList();
            Assert.Equal(routerWakeups.Count, wakeups.Count);
            Assert.Equal(
                routerWakeups.Select(row => (capture.Wakeups.Cpu[row], capture.Wakeups.Pid[row], KindName(capture.Wakeups.Kind[row]))).Order(),
                wakeups.Select(e => ((int)e.Cpu, (int)e.Pid, e.Kind)).Order());

            // Per CPU, events in time order, compact ones too (their deltas add up).
            Assert.All(sched.GroupBy(e => e.Cpu), cpu => Assert.True(IsSorted(cpu.Select(e => e.Timestamp))));

            // Each VM a process named after it; its threads under it with their annotated names.
            var tree = decoded.All("packet").Select(packet => packet.One("process_tree")).OfType<ProtoText>().Single();
            var processes = tree.All("processes").ToDictionary(process => process.Number("pid"), process => process.Field("cmdline")!);
            Assert.Equal(["router.01", "router.02"], processes.Values.Order(StringComparer.Ordinal));
            var threads = tree.All("threads").ToList();
            Assert.Equal(switchesPerTask.Keys.Where(task => task.Contains("vcpu", StringComparison.Ordinal)).Order(StringComparer.Ordinal), threads.Select(thread => thread.Field("name")!).Where(name => name.Contains("vcpu", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.All(threads, thread => Assert.StartsWith(processes[thread.Number("tgid")] + ".", thread.Field("name"), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void KvmExitsAreSlicesOnTheVcpuThreadsNamedByReason()
    {
        var cdict = Path.Combine(folder, "kvm.cdict");
        CdictFile.Write(cdict, TwoVcpus());
        var trace = Path.Combine(folder, "kvm.perfetto-trace");
        var json = Path.Combine(folder, "kvm.json");

        Assert.Equal(0, ToolProcess.Run("perfmap", cdict, "--export-perfetto", trace).ExitCode);
        Assert.Equal(0, ToolProcess.Run("perfmap", cdict, "-t", "vm", "--json", json).ExitCode);

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var kvm = document.RootElement.GetProperty("kvmExits");
        var reasonNames = kvm.GetProperty("reasons").EnumerateArray().Select(reason => reason.GetProperty("name").GetString()!).ToList();
        foreach (var schema in PerfettoSchemas.Available())
        {
            var packets = PerfettoSchemas.Decode(trace, schema).All("packet").ToList();
            var tracks = packets.Select(packet => packet.One("track_descriptor")).OfType<ProtoText>()
                .ToDictionary(track => track.Field("uuid")!, track => track.One("thread")!, StringComparer.Ordinal);
            Assert.Equal(["vm.01.vcpu0", "vm.01.vcpu1"], tracks.Values.Select(thread => thread.Field("thread_name")).Order(StringComparer.Ordinal));
            Assert.All(tracks.Values, thread => Assert.Equal(100, thread.Number("pid")));
            var slices = packets.Select(packet => (Time: packet.Number("timestamp"), Event: packet.One("track_event"))).Where(packet => packet.Event is not null).ToList();
            var begins = slices.Where(slice => slice.Event!.Field("type") == "TYPE_SLICE_BEGIN").ToList();
            Assert.Equal(begins.Count, slices.Count(slice => slice.Event!.Field("type") == "TYPE_SLICE_END"));
            foreach (var task in kvm.GetProperty("tasks").EnumerateArray())
            {
                var onTrack = begins.Where(slice => tracks[slice.Event!.Field("track_uuid")!].Field("thread_name") == task.GetProperty("task").GetString()).ToList();
                Assert.Equal(task.GetProperty("total").GetInt64(), onTrack.Count);
                var counts = task.GetProperty("counts").EnumerateArray().Select(count => count.GetInt64()).ToList();
                Assert.Equal(
                    reasonNames.Select((name, i) => (name, counts[i])).Where(pair => pair.Item2 > 0).OrderBy(pair => pair.name, StringComparer.Ordinal),
                    onTrack.GroupBy(slice => slice.Event!.Field("name")!).Select(group => (group.Key, (long)group.Count())).OrderBy(pair => pair.Key, StringComparer.Ordinal));
            }

            // A slice runs from the exit to the entry: 3 µs in this capture.
            var ends = slices.Where(slice => slice.Event!.Field("type") == "TYPE_SLICE_END").Select(slice => slice.Time).Order().ToList();
            Assert.Equal(begins.Select(slice => slice.Time + 3_000).Order(), ends);
        }
    }

    [Fact]
    public void UserErrorsAreOneLineAndLeaveNoFile()
    {
        var cdict = QemuCdict();
        var trace = Path.Combine(folder, "none.perfetto-trace");

        var twoFiles = ToolProcess.Run("perfmap", cdict, cdict, "--export-perfetto", trace);
        var noTask = ToolProcess.Run("perfmap", cdict, "-t", "nosuchtask", "--export-perfetto", trace);
        var noFolder = ToolProcess.Run("perfmap", cdict, "--export-perfetto", Path.Combine(folder, "missing", "x.perfetto-trace"));

        Assert.Equal("perfmap: error: --export-perfetto takes exactly one cdict file", twoFiles.Error.Trim());
        Assert.StartsWith("perfmap: error: no task matches 'nosuchtask'", noTask.Error.Trim(), StringComparison.Ordinal);
        Assert.StartsWith("perfmap: error: cannot write", noFolder.Error.Trim(), StringComparison.Ordinal);
        Assert.All([twoFiles, noTask, noFolder], result => Assert.Equal(1, result.ExitCode));
        Assert.All([twoFiles, noTask, noFolder], result => Assert.Single(result.Error.Trim().Split('\n')));
        Assert.Equal([cdict], Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Where(file => !file.EndsWith(".json", StringComparison.Ordinal)));
    }

    private static string KindName(WakeupKind kind) => kind switch
    {
        WakeupKind.Waking => "sched_waking",
        WakeupKind.WakeupNew => "sched_wakeup_new",
        _ => "sched_wakeup",
    };

    private static bool IsSorted(IEnumerable<long> values) => values.Zip(values.Skip(1)).All(pair => pair.First <= pair.Second);

    // Two vCPU threads of one VM (pids 100 and 101) exiting for three reasons; every exit has its entry 3 µs later.
    private static Capture TwoVcpus()
    {
        var names = new TaskNames();
        var events = new EventTable(names);
        var vcpus = new[] { names.Intern("vm.01.vcpu0"), names.Intern("vm.01.vcpu1") };
        var time = 0L;
        for (var i = 0; i < 300; i++)
        {
            var vcpu = i % 3 == 0 ? 0 : 1;
            time += 50_000;
            events.Add(EventKind.KvmExit, vcpu, time, 100 + vcpu, vcpus[vcpu], 40_000, EventTable.NoPid, EventTable.NoTask, Reasons[i * 7 % Reasons.Length].Code);
            events.Add(EventKind.KvmEntry, vcpu, time + 3_000, 100 + vcpu, vcpus[vcpu], 3_000, EventTable.NoPid, EventTable.NoTask, 0);
        }

        var info = new CaptureInfo { Host = "kvm-host", Kernel = "6.1.0", CpuCount = 2, DurationNs = time + 3_000, FirstEventPerfClockNs = 5_000_000_000 };
        foreach (var (code, name) in Reasons)
        {
            info.ExitReasonNames[code] = name;
        }

        return new Capture(events, new WakeupTable(), info);
    }

    private string QemuCdict()
    {
        var path = Path.Combine(folder, "qemu.cdict");
        if (!File.Exists(path))
        {
            var capture = PerfConversion.Convert(Fixtures.PerfData("qemu"));
            Captures.Annotation.TaskMap.Load(Fixtures.Path("perf/qemu.map.csv")).ApplyTo(capture);
            CdictFile.Write(path, capture);
        }

        return path;
    }
}
