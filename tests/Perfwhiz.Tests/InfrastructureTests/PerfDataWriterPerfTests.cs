using System.Text.RegularExpressions;

namespace Perfwhiz.Tests.InfrastructureTests;

/// <summary>
/// Proves that <see cref="PerfDataWriter"/> writes what the real perf (6.1 on this machine) reads: each file is
/// decoded by <c>perf script</c> / <c>perf report</c> and the decoded values must be exactly the ones written.
/// Without a working perf each test prints why and returns.
/// Big-endian pipe mode is not checked here: perf 6.1 cannot read any cross-endian pipe stream (it does not
/// swap HEADER_FEATURE's feat_id, "wrong feature ID", and never marks pipe-mode evsels as needing a swap, so every
/// sample fails with "Can't parse sample, err = -14"). PerfDataWriterLayoutTests checks it shares its records with
/// the big-endian file perf does read.
/// </summary>
[Trait("Kind", "process")]
public sealed partial class PerfDataWriterPerfTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] ScriptFields = ["-F", "comm,tid,cpu,time,event,trace", "--ns"];

    private static readonly string[] KvmScenarioLines =
    [
        "bash 1234 [001] 1.000000500: sched:sched_switch: prev_comm=bash prev_pid=1234 prev_prio=120 prev_state=S ==> next_comm=CPU 0/KVM next_pid=4330 next_prio=120",
        "CPU 0/KVM 4330 [001] 1.000001000: kvm:kvm_entry: vcpu 0, rip 0xfffff80001234567 intr_info 0x00000000 error_code 0x00000000",
        "CPU 0/KVM 4330 [001] 1.000002000: kvm:kvm_exit: vcpu 0 reason EPT_VIOLATION rip 0xfffff80001234567 info1 0x0000000000000181 info2 0x0000000080000b0e intr_info 0x80000b0e error_code 0x00000004 requests 0x0000000000000020",
        "CPU 0/KVM 4330 [002] 1.000003000: sched:sched_stat_runtime: comm=CPU 0/KVM pid=4330 runtime=2500 [ns]",
        "qemu-kvm 4321 [003] 1.000004000: sched:sched_switch: prev_comm=qemu-kvm prev_pid=4321 prev_prio=120 prev_state=D ==> next_comm=swapper/3 next_pid=0 next_prio=120",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("perfwhiz-writer-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(false, false, PerfSampleType.Default)]
    [InlineData(false, true, PerfSampleType.Default)]
    [InlineData(true, false, PerfSampleType.Default)]
    [InlineData(false, false, PerfSampleType.Ip | PerfSampleType.Tid | PerfSampleType.Time | PerfSampleType.Cpu | PerfSampleType.Period | PerfSampleType.Raw | PerfSampleType.Id)]
    [InlineData(true, false, PerfSampleType.Ip | PerfSampleType.Tid | PerfSampleType.Time | PerfSampleType.Id | PerfSampleType.StreamId | PerfSampleType.Cpu | PerfSampleType.Period | PerfSampleType.Raw)]
    public void PerfScriptDecodesEveryWrittenField(bool pipe, bool bigEndian, PerfSampleType sampleType)
    {
        if (SkipWithoutPerf())
        {
            return;
        }

        var path = Save(KvmScenario(new PerfDataWriterOptions { Pipe = pipe, BigEndian = bigEndian, SampleType = sampleType }));

        var run = Script(path, pipe, ScriptFields);

        Assert.Equal(KvmScenarioLines, run.StdOut.Select(Normalize), StringComparer.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void PerfScriptShowsTaskAndLossRecordsWithTheirTrailers(bool pipe, bool bigEndian)
    {
        if (SkipWithoutPerf())
        {
            return;
        }

        var writer = KvmScenario(new PerfDataWriterOptions { Pipe = pipe, BigEndian = bigEndian });
        var path = Save(writer
            .Fork(5000, 4321, 5000, 4330, 1_000_005_000, cpu: 2)
            .Lost(writer.IdOf("kvm:kvm_exit", cpu: 3), 17, 1_000_006_000, cpu: 3)
            .Exit(5000, 4321, 5000, 4330, 1_000_007_000, cpu: 2)
            .FinishedRound());

        var run = Script(path, pipe, [.. ScriptFields, "--show-task-events", "--show-lost-events"]);

        string[] expected =
        [
            "bash 1234 [000] 1.000000000: PERF_RECORD_COMM exec: bash:1234/1234",
            "qemu-kvm 4321 [001] 1.000000010: PERF_RECORD_COMM exec: qemu-kvm:4321/4321",
            "CPU 0/KVM 4330 [001] 1.000000020: PERF_RECORD_COMM: CPU 0/KVM:4321/4330",
            .. KvmScenarioLines,
            // 5000 takes the comm of the thread that forked it (4330).
            "CPU 0/KVM 5000 [002] 1.000005000: PERF_RECORD_FORK(5000:5000):(4321:4330)",
            "swapper 0 [003] 1.000006000: PERF_RECORD_LOST lost 17",
            "CPU 0/KVM 5000 [002] 1.000007000: PERF_RECORD_EXIT(5000:5000):(4321:4330)",
        ];
        Assert.Equal(expected, run.StdOut.Select(Normalize), StringComparer.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PerfReportCountsRecordsAndLostSamples(bool bigEndian)
    {
        if (SkipWithoutPerf())
        {
            return;
        }

        var path = Save(KvmScenario(new PerfDataWriterOptions { BigEndian = bigEndian }).LostSamples(5, 1_000_008_000, cpu: 1));

        var stats = Run(["report", "-i", path, "--stats"]).StdOut.Select(Normalize).ToList();

        string[] expected =
        [
            "Aggregated stats:",
            "TOTAL events: 11",
            "COMM events: 3 (27.3%)",
            "SAMPLE events: 5 (45.5%)",
            "LOST_SAMPLES events: 1 ( 9.1%)",
            "FINISHED_ROUND events: 2 (18.2%)",
            "sched:sched_switch stats:",
            "SAMPLE events: 2",
            "LOST_SAMPLES events: 5", // the count, charged to the first event (the record's trailer id)
            "kvm:kvm_exit stats:",
            "SAMPLE events: 1",
            "kvm:kvm_entry stats:",
            "SAMPLE events: 1",
            "sched:sched_stat_runtime stats:",
            "SAMPLE events: 1",
        ];
        Assert.Equal(expected, stats, StringComparer.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void PerfReadsTheFeatureSections(bool pipe, bool bigEndian)
    {
        if (SkipWithoutPerf())
        {
            return;
        }

        var options = new PerfDataWriterOptions { Pipe = pipe, BigEndian = bigEndian, NrCpus = 2, Hostname = "kvmhost", OsRelease = "3.10.0-1160.el7.x86_64" };
        var kvmExit = FormatFixtures.Load("kvm/kvm_exit");
        var path = Save(new PerfDataWriter([kvmExit], options).Sample("kvm:kvm_exit", 5, cpu: 1, pid: 1, tid: 1));

        var header = (pipe ? Run(["report", "-i", "-", "--header-only"], path) : Run(["report", "-i", path, "--header-only"]))
            .StdOut.Select(Normalize).ToList();

        string[] expected =
        [
            "# hostname : kvmhost",
            "# os release : 3.10.0-1160.el7.x86_64",
            "# perf version : 6.1.187",
            "# arch : x86_64",
            "# nrcpus online : 2",
            "# nrcpus avail : 2",
            $"# event : name = kvm:kvm_exit, , id = {{ 1000, 1001 }}, type = 2, size = 128, config = 0x{kvmExit.Id:x}, {{ sample_period, sample_freq }} = 1, "
            + "sample_type = IP|TID|TIME|CPU|PERIOD|RAW|IDENTIFIER, comm = 1, task = 1, sample_id_all = 1, comm_exec = 1",
        ];
        Assert.Equal(expected, header.Where(line => expected.Contains(line, StringComparer.Ordinal)), StringComparer.Ordinal);
    }

    [Fact]
    public void PerfDecodesTheOldKernelFormats()
    {
        if (SkipWithoutPerf())
        {
            return;
        }

        string[] events = ["legacy/2.6.32/sched/sched_switch", "legacy/3.10/kvm/kvm_exit", "legacy/5.15/sched/sched_stat_runtime"];
        var path = Save(new PerfDataWriter([.. events.Select(FormatFixtures.Load)])
            .Comm(1234, 1234, "bash", 1_000_000_000)
            .Sample("sched:sched_switch", 1_000_000_500, cpu: 1, pid: 1234, tid: 1234,
                ("common_lock_depth", -1), ("prev_comm", "bash"), ("prev_pid", 1234), ("prev_prio", 120), ("prev_state", 1L),
                ("next_comm", "CPU 0/KVM"), ("next_pid", 4330), ("next_prio", 120))
            .Sample("kvm:kvm_exit", 1_000_002_000, cpu: 1, pid: 4321, tid: 4330,
                ("exit_reason", 7u), ("isa", 1u), ("guest_rip", 0xffffffff81234567UL), ("info1", 0x181UL))
            .Sample("kvm:kvm_exit", 1_000_002_100, cpu: 1, pid: 4321, tid: 4330,
                ("exit_reason", 0x400u), ("isa", 2u), ("guest_rip", 0xffffffff81234567UL), ("info1", 0x100000004UL), ("info2", 0xfee00000UL))
            .Sample("sched:sched_stat_runtime", 1_000_003_000, cpu: 1, pid: 4321, tid: 4330,
                ("comm", "CPU 0/KVM"), ("pid", 4330), ("runtime", 2_500UL), ("vruntime", 123_456_789UL)));

        var run = Script(path, pipe: false, ScriptFields);

        string[] expected =
        [
            "bash 1234 [001] 1.000000500: sched:sched_switch: task bash:1234 [120] (S) ==> CPU 0/KVM:4330 [120]",
            ":4330 4330 [001] 1.000002000: kvm:kvm_exit: reason PENDING_INTERRUPT rip 0xffffffff81234567 info 181 0",
            ":4330 4330 [001] 1.000002100: kvm:kvm_exit: reason npf rip 0xffffffff81234567 info 100000004 fee00000",
            ":4330 4330 [001] 1.000003000: sched:sched_stat_runtime: comm=CPU 0/KVM pid=4330 runtime=2500 [ns] vruntime=123456789 [ns]",
        ];
        Assert.Equal(expected, run.StdOut.Select(Normalize), StringComparer.Ordinal);
    }

    [Fact]
    public void PerfRefusesAKilledRecording()
    {
        if (SkipWithoutPerf())
        {
            return;
        }

        var path = Save(KvmScenario(new PerfDataWriterOptions { Killed = true }));

        var run = Run(["script", "-i", path]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(run.StdErr, line => line.Contains("data size field is 0", StringComparison.Ordinal));
    }

    [Fact]
    public void PerfRefusesAFileCutBeforeItsFeatureIndex()
    {
        if (SkipWithoutPerf())
        {
            return;
        }

        var path = Save(KvmScenario(new PerfDataWriterOptions { TruncateAt = 1000 }));

        var run = Run(["script", "-i", path]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(run.StdErr, line => line.Contains("incompatible file format", StringComparison.Ordinal));
    }

    /// <summary>
    /// bash switches to a vCPU thread of qemu-kvm, which enters the guest, exits on an EPT violation and is charged
    /// runtime (a <c>__data_loc</c> comm), then qemu-kvm blocks on CPU 3 (the "swapper/3" next_comm is payload text only).
    /// </summary>
    private static PerfDataWriter KvmScenario(PerfDataWriterOptions options)
    {
        string[] events = ["sched/sched_switch", "kvm/kvm_exit", "kvm/kvm_entry", "sched/sched_stat_runtime"];
        return new PerfDataWriter([.. events.Select(FormatFixtures.Load)], options)
            .Comm(1234, 1234, "bash", 1_000_000_000, exec: true)
            .Comm(4321, 4321, "qemu-kvm", 1_000_000_010, exec: true, cpu: 1)
            .Comm(4321, 4330, "CPU 0/KVM", 1_000_000_020, cpu: 1)
            .FinishedRound()
            .Sample("sched:sched_switch", 1_000_000_500, cpu: 1, pid: 1234, tid: 1234,
                ("prev_comm", "bash"), ("prev_pid", 1234), ("prev_prio", 120), ("prev_state", 1L),
                ("next_comm", "CPU 0/KVM"), ("next_pid", 4330), ("next_prio", 120))
            .Sample("kvm:kvm_entry", 1_000_001_000, cpu: 1, pid: 4321, tid: 4330,
                ("vcpu_id", 0u), ("rip", 0xfffff80001234567UL))
            .Sample("kvm:kvm_exit", 1_000_002_000, cpu: 1, pid: 4321, tid: 4330,
                ("exit_reason", 48u), ("guest_rip", 0xfffff80001234567UL), ("isa", 1u), ("info1", 0x181UL),
                ("info2", 0x80000b0eUL), ("intr_info", 0x80000b0eu), ("error_code", 4u), ("vcpu_id", 0u), ("requests", 0x20UL))
            .Sample("sched:sched_stat_runtime", 1_000_003_000, cpu: 2, pid: 4321, tid: 4330,
                ("comm", "CPU 0/KVM"), ("pid", 4330), ("runtime", 2_500UL))
            .Sample("sched:sched_switch", 1_000_004_000, cpu: 3, pid: 4321, tid: 4321,
                ("prev_comm", "qemu-kvm"), ("prev_pid", 4321), ("prev_prio", 120), ("prev_state", 2L),
                ("next_comm", "swapper/3"), ("next_pid", 0), ("next_prio", 120))
            .FinishedRound();
    }

    private static string Normalize(string line) => Spaces().Replace(line, " ").Trim();

    [GeneratedRegex(@"\s+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Spaces();

    private string Save(PerfDataWriter writer)
    {
        var path = Path.Combine(_directory, "perf.data");
        writer.Save(path);
        return path;
    }

    private static bool SkipWithoutPerf()
    {
        if (PerfTool.MissingReason is { } reason)
        {
            Assert.Skip(reason);
            return true;
        }

        return false;
    }

    /// <summary><c>perf script</c>: file mode by path, pipe mode on stdin (<c>-i -</c>); it must succeed.</summary>
    private PerfRun Script(string path, bool pipe, IEnumerable<string> arguments)
    {
        var run = pipe ? Run(["script", "-i", "-", .. arguments], path) : Run(["script", "-i", path, .. arguments]);
        Assert.Equal(0, run.ExitCode);
        return run;
    }

    private PerfRun Run(IEnumerable<string> arguments, string? stdinFile = null)
    {
        var run = PerfTool.Run(arguments, stdinFile);
        foreach (var line in run.StdOut.Concat(run.StdErr))
        {
            output.WriteLine(line);
        }

        return run;
    }
}
