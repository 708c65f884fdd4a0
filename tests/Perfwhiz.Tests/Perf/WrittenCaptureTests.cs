using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;
using Perfwhiz.Perf;

namespace Perfwhiz.Tests.Perf;

/// <summary>
/// Paths real captures here cannot reach (no kvm_exit fires on this machine, no big-endian or old
/// kernel), through perf.data files written with this kernel's real format texts (or old kernels').
/// </summary>
[Trait("Kind", "unit")]
public sealed class WrittenCaptureTests : IDisposable
{
    private const int VcpuPid = 4321;
    private const int VcpuTid = 4330;
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-written-").FullName;

    public static TheoryData<string> Layouts => new() { "file", "big-endian", "pipe", "id-not-identifier", "no-rounds" };

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [MemberData(nameof(Layouts))]
    public void KvmExitsAndEntriesCarryGuestAndHandlingTimes(string layout)
    {
        var capture = Convert(KvmSession(OptionsFor(layout), rounds: layout != "no-rounds"));
        var rows = Rows(capture).Where(row => row.Kind is EventKind.KvmExit or EventKind.KvmEntry).ToList();

        // entry@1000 (no exit before: no row), exit@1500, entry@1700, exit@2600, entry@2650
        Assert.Equal(
            [
                (EventKind.KvmExit, 1500L, 500L, 48u, "CPU 0/KVM"),
                (EventKind.KvmEntry, 1700L, 200L, 0u, "CPU 0/KVM"),
                (EventKind.KvmExit, 2600L, 900L, 1u, "vcpu-renamed"),
                (EventKind.KvmEntry, 2650L, 50L, 0u, "vcpu-renamed"),
            ],
            rows.Select(row => (row.Kind, row.TimeNs + capture.Info.FirstEventPerfClockNs, row.DurationNs, row.ExitReason, row.Task)));
        Assert.All(rows, row => Assert.Equal((VcpuTid, EventTable.NoPid, 1), (row.Pid, row.NextPid, row.Cpu)));
        Assert.Equal("EPT_VIOLATION", capture.Info.ExitReasonNames[48]);
        Assert.Equal("EXTERNAL_INTERRUPT", capture.Info.ExitReasonNames[1]);
        Assert.Equal(1, capture.Info.DroppedPerEvent["kvm:kvm_entry (first of its vCPU, exit time unknown)"]);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void SwitchesAreDecodedTheSameInEveryLayout(string layout)
    {
        var capture = Convert(KvmSession(OptionsFor(layout), rounds: layout != "no-rounds"));
        var switches = Rows(capture).Where(row => row.Kind == EventKind.Switch).ToList();

        // The first switch on CPU 1 has a known run time from sched_stat_runtime: 300 ns.
        Assert.Equal(
            [(900L, 1234, "bash", 300L, VcpuTid, "CPU 0/KVM"), (3000L, VcpuTid, "vcpu-renamed", 350L, 1234, "bash")],
            switches.Select(row => (row.TimeNs + capture.Info.FirstEventPerfClockNs, row.Pid, row.Task, row.DurationNs, row.NextPid, row.NextTask)));
        Assert.Equal(2, capture.Info.CpuCount);
        Assert.Equal("writer-host", capture.Info.Host);
    }

    [Fact]
    public void WithoutRuntimeEventsARunTimeSpansOnlyTheCpusIntervalThatSwitchedTheTaskIn()
    {
        // CPU 0 runs 1, then 2, then idles; the switch that put 3 on was lost: the 200 ns since
        // the idle task was switched in are not 3's, so its run time is unknown (0), not 200.
        var writer = Writer(new PerfDataWriterOptions(), "sched/sched_switch")
            .Sample("sched:sched_switch", 100, 0, 1, 1, ("prev_comm", "one"), ("prev_pid", 1), ("next_comm", "two"), ("next_pid", 2))
            .Sample("sched:sched_switch", 200, 0, 2, 2, ("prev_comm", "two"), ("prev_pid", 2), ("next_comm", "swapper/0"), ("next_pid", 0))
            .Sample("sched:sched_switch", 400, 0, 3, 3, ("prev_comm", "three"), ("prev_pid", 3), ("next_comm", "one"), ("next_pid", 1));

        var switches = Rows(Convert(writer));

        Assert.Equal([("two", 100L), ("three", 0L)], switches.Select(row => (row.Task, row.DurationNs)));
    }

    [Fact]
    public void SvmExitsAreNamedFromTheFormatsSecondTable()
    {
        var writer = Writer(new PerfDataWriterOptions(), "kvm/kvm_entry", "kvm/kvm_exit")
            .Comm(VcpuPid, VcpuTid, "CPU 0/KVM", 0)
            .Sample("kvm:kvm_entry", 1000, 0, VcpuPid, VcpuTid)
            .Sample("kvm:kvm_exit", 1400, 0, VcpuPid, VcpuTid, ("exit_reason", 0x400u), ("isa", 2u));
        var capture = Convert(writer);

        Assert.Equal(0x400u, capture.Events.ExitReason[0]);
        Assert.Equal("npf", capture.Info.ExitReasonNames[0x400]);
        Assert.Equal("invalid_guest_state", capture.Info.ExitReasonNames[0xFFFFFFFF]);
    }

    [Fact]
    public void OldKernelFormatsAreReadByFieldName()
    {
        // 2.6.32: common_lock_depth shifts every field; 3.10: kvm_exit without vcpu_id;
        // 5.15: sched_stat_runtime with a char[16] comm and vruntime.
        var writer = Writer(new PerfDataWriterOptions(), "legacy/2.6.32/sched/sched_switch", "legacy/5.15/sched/sched_stat_runtime", "legacy/3.10/kvm/kvm_exit", "kvm/kvm_entry")
            .Comm(VcpuPid, VcpuTid, "qemu-kvm", 0)
            .Sample("sched:sched_stat_runtime", 100, 0, 77, 77, ("comm", "old"), ("pid", 77), ("runtime", 640L), ("vruntime", 99L))
            .Sample("sched:sched_switch", 200, 0, 77, 77, ("prev_comm", "old"), ("prev_pid", 77), ("next_comm", "qemu-kvm"), ("next_pid", VcpuTid))
            .Sample("kvm:kvm_entry", 300, 0, VcpuPid, VcpuTid)
            .Sample("kvm:kvm_exit", 800, 0, VcpuPid, VcpuTid, ("exit_reason", 12u), ("isa", 1u));
        var rows = Rows(Convert(writer));

        Assert.Equal((EventKind.Switch, 77, "old", 640L, VcpuTid, "qemu-kvm"), (rows[0].Kind, rows[0].Pid, rows[0].Task, rows[0].DurationNs, rows[0].NextPid, rows[0].NextTask));
        Assert.Equal((EventKind.KvmExit, 500L, 12u), (rows[1].Kind, rows[1].DurationNs, rows[1].ExitReason));
    }

    [Fact]
    public void RoundsThatReachBackAreMergedIntoTimeOrder()
    {
        // CPU 1's chunk of the second round starts before the first round's newest event.
        var writer = Writer(new PerfDataWriterOptions(), "sched/sched_switch", "sched/sched_waking")
            .Sample("sched:sched_waking", 100, 0, 1, 1, ("comm", "a"), ("pid", 10), ("target_cpu", 0))
            .Sample("sched:sched_waking", 500, 0, 1, 1, ("comm", "b"), ("pid", 11), ("target_cpu", 0))
            .FinishedRound()
            .Sample("sched:sched_waking", 300, 1, 1, 1, ("comm", "c"), ("pid", 12), ("target_cpu", 1))
            .Sample("sched:sched_waking", 700, 0, 1, 1, ("comm", "d"), ("pid", 13), ("target_cpu", 0))
            .FinishedRound()
            .Sample("sched:sched_waking", 600, 1, 1, 1, ("comm", "e"), ("pid", 14), ("target_cpu", 1))
            .Sample("sched:sched_switch", 800, 1, 1, 1, ("prev_comm", "x"), ("prev_pid", 1), ("next_comm", "e"), ("next_pid", 14))
            .FinishedRound();
        var capture = Convert(writer);

        Assert.Equal([10, 12, 11, 14, 13], capture.Wakeups.Pid.AsSpan(0, capture.Wakeups.Count).ToArray());
        Assert.Equal([0L, 200, 400, 500, 600], capture.Wakeups.TimeNs.AsSpan(0, capture.Wakeups.Count).ToArray());
        Assert.DoesNotContain(capture.Info.Warnings, warning => warning.Contains("arrived after", StringComparison.Ordinal));
    }

    [Fact]
    public void LostAndLostSamplesCountTheSameLossOnce()
    {
        var writer = Writer(new PerfDataWriterOptions(), "sched/sched_switch", "sched/sched_waking")
            .Sample("sched:sched_waking", 100, 0, 1, 1, ("comm", "a"), ("pid", 10), ("target_cpu", 0))
            .Sample("sched:sched_waking", 400, 0, 1, 1, ("comm", "b"), ("pid", 11), ("target_cpu", 0));
        writer.Lost(writer.IdOf("sched:sched_waking"), 40, 900, cpu: 0).LostSamples(40, 950, cpu: 0);
        var capture = Convert(writer);

        Assert.Equal(40, capture.Info.LostEvents);
        Assert.Equal(new TimeRange(300, 800), Assert.Single(capture.Info.LostRanges));
    }

    [Fact]
    public void TruncatedCaptureIsReadUpToTheCutWithAWarning()
    {
        var whole = KvmSession(new PerfDataWriterOptions(), rounds: true).ToArray();
        var dataOffset = BitConverter.ToInt64(whole, 40);
        var dataSize = BitConverter.ToInt64(whole, 48);
        var complete = Convert(KvmSession(new PerfDataWriterOptions(), rounds: true));
        var cut = KvmSession(new PerfDataWriterOptions { TruncateAt = (int)(dataOffset + (dataSize * 2 / 3)) }, rounds: true);
        var truncated = Convert(cut);

        Assert.InRange(truncated.Events.Count, 1, complete.Events.Count - 1);
        Assert.Contains(truncated.Info.Warnings, warning => warning.Contains("the file is truncated", StringComparison.Ordinal));
    }

    [Fact]
    public void CaptureWithoutSchedulerOrKvmTracepointsIsRefusedNamingWhatItHolds()
    {
        var writer = Writer(new PerfDataWriterOptions(), "sched/sched_migrate_task")
            .Sample("sched:sched_migrate_task", 100, 0, 1, 1, ("comm", "a"), ("pid", 10));
        var error = Assert.Throws<PerfDataException>(() => Convert(writer));

        Assert.Contains("holds no scheduler or KVM tracepoints (it holds: sched:sched_migrate_task)", error.Message, StringComparison.Ordinal);
        Assert.Contains("perf record -a -e sched:sched_switch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyRoundsOfInterleavedCpuRunsComeOutInTimeOrder()
    {
        // Enough events for the assembly thread to take many batches and reuse them.
        const int Rounds = 60;
        const int PerCpu = 400;
        var writer = Writer(new PerfDataWriterOptions { NrCpus = 2 }, "sched/sched_switch", "sched/sched_waking");
        for (var round = 0; round < Rounds; round++)
        {
            for (var cpu = 0; cpu < 2; cpu++)
            {
                for (var i = 0; i < PerCpu; i++)
                {
                    var time = (ulong)((round * 20_000) + (i * 20) + (cpu * 10));
                    writer.Sample("sched:sched_waking", time, cpu, 1, 1, ("comm", "w"), ("pid", 100 + cpu), ("target_cpu", cpu));
                }
            }

            writer.FinishedRound();
        }

        var wakeups = Convert(writer).Wakeups;
        var times = wakeups.TimeNs.AsSpan(0, wakeups.Count).ToArray();

        Assert.Equal(Rounds * 2 * PerCpu, times.Length);
        Assert.Equal(times.Order(), times);
        Assert.Equal(Enumerable.Range(0, times.Length).Select(i => 100 + (i % 2)), wakeups.Pid.AsSpan(0, wakeups.Count).ToArray());
    }

    [Fact]
    public void SwitchesWithoutCpuAreRefusedWithAPerfwhizError()
    {
        // The refusal comes from the assembly thread and must reach the caller as it is.
        var writer = Writer(new PerfDataWriterOptions { SampleType = PerfSampleType.Default & ~PerfSampleType.Cpu }, "sched/sched_switch")
            .Sample("sched:sched_switch", 100, 0, 1, 1, ("prev_comm", "a"), ("prev_pid", 1), ("next_comm", "b"), ("next_pid", 2));
        var error = Assert.Throws<PerfDataException>(() => Convert(writer));

        Assert.Contains("not recorded per CPU", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamesLongerThanAKernelCommAreKeptWhole()
    {
        // Comms travel to the assembly thread as bytes: a comm filling its char[16], __data_loc
        // strings and COMM names of any length must come out whole, and the COMM name must win.
        const int VcpuCpu = 1;
        var longName = "instance-000065d7.vcpu0-with-a-name-past-16-bytes";
        var utf8Name = "виртуальная-машина"; // 35 UTF-8 bytes
        var writer = new PerfDataWriter([FormatFixtures.Load("sched/sched_switch"), WakingWithDataLocComm(), FormatFixtures.Load("kvm/kvm_exit"), FormatFixtures.Load("kvm/kvm_entry")], new PerfDataWriterOptions { NrCpus = 2 })
            .Sample("sched:sched_switch", 100, 0, 1, 1, ("prev_comm", "fifteen-bytes!!"), ("prev_pid", 1), ("next_comm", "two"), ("next_pid", 2))
            .Sample("sched:sched_waking", 150, 0, 2, 2, ("comm", longName), ("pid", 3), ("target_cpu", 0))
            .Sample("sched:sched_waking", 160, 0, 2, 2, ("comm", utf8Name), ("pid", 4), ("target_cpu", 0))
            .Sample("sched:sched_waking", 170, 0, 2, 2, ("comm", "fifteen-bytes!!"), ("pid", 5), ("target_cpu", 0)) // 16 with its NUL
            .Sample("sched:sched_waking", 180, 0, 2, 2, ("comm", "sixteen-bytes!!!"), ("pid", 6), ("target_cpu", 0))
            .Sample("sched:sched_switch", 200, 0, 2, 2, ("prev_comm", "two"), ("prev_pid", 2), ("next_comm", "fifteen-bytes!!"), ("next_pid", 1))
            .Sample("sched:sched_switch", 250, 0, 1, 1, ("prev_comm", "fifteen-bytes!!"), ("prev_pid", 1), ("next_comm", "two"), ("next_pid", 2))
            .Comm(VcpuPid, VcpuTid, new string('q', 100), 300, cpu: VcpuCpu)
            .Sample("kvm:kvm_entry", 400, VcpuCpu, VcpuPid, VcpuTid, ("vcpu_id", 0u))
            .Sample("kvm:kvm_exit", 500, VcpuCpu, VcpuPid, VcpuTid, ("exit_reason", 1u), ("isa", 1u));

        var capture = Convert(writer);
        var rows = Rows(capture);
        var wakeups = capture.Wakeups;

        // The first switch on a CPU makes no row.
        Assert.Equal([("two", "fifteen-bytes!!"), ("fifteen-bytes!!", "two")], rows.Where(row => row.Kind == EventKind.Switch).Select(row => (row.Task, row.NextTask)));
        Assert.Equal([longName, utf8Name, "fifteen-bytes!!", "sixteen-bytes!!!"], wakeups.Task.AsSpan(0, wakeups.Count).ToArray().Select(task => capture.Names[task]));
        Assert.Equal(new string('q', 100), Assert.Single(rows, row => row.Kind == EventKind.KvmExit).Task);
    }

    [Fact]
    public void NamesThatFillABatchBeforeItsRecordsDoAreInternedInReadingOrder()
    {
        // 3000 names of 300 bytes are more than a batch holds: it is sent before its records fill it.
        const int Wakeups = 3000;
        var writer = new PerfDataWriter([FormatFixtures.Load("sched/sched_switch"), WakingWithDataLocComm()], new PerfDataWriterOptions());
        var expected = new List<string>();
        for (var i = 0; i < Wakeups; i++)
        {
            var name = $"{(i * 7919) % 1000:D4}-{new string('n', 295)}";
            expected.Add(name);
            writer.Sample("sched:sched_waking", (ulong)(100 + i), 0, 1, 1, ("comm", name), ("pid", i), ("target_cpu", 0));
        }

        var capture = Convert(writer);
        var wakeups = capture.Wakeups;

        Assert.Equal(expected, wakeups.Task.AsSpan(0, wakeups.Count).ToArray().Select(task => capture.Names[task]));
        Assert.Equal(expected.Distinct(), Enumerable.Range(0, capture.Names.Count).Select(index => capture.Names[index]));
    }

    private static PerfDataWriterOptions OptionsFor(string layout) => layout switch
    {
        "big-endian" => new PerfDataWriterOptions { BigEndian = true, NrCpus = 2, Hostname = "writer-host" },
        "pipe" => new PerfDataWriterOptions { Pipe = true, NrCpus = 2, Hostname = "writer-host" },
        "id-not-identifier" => new PerfDataWriterOptions
        {
            SampleType = PerfSampleType.Ip | PerfSampleType.Tid | PerfSampleType.Time | PerfSampleType.Id | PerfSampleType.Cpu | PerfSampleType.Period | PerfSampleType.Raw,
            NrCpus = 2,
            Hostname = "writer-host",
        },
        _ => new PerfDataWriterOptions { NrCpus = 2, Hostname = "writer-host" },
    };

    // A vCPU thread on CPU 1: named by COMM, switched in, exits and entries, renamed, switched out.
    private static PerfDataWriter KvmSession(PerfDataWriterOptions options, bool rounds)
    {
        var writer = Writer(options, "sched/sched_switch", "sched/sched_stat_runtime", "kvm/kvm_exit", "kvm/kvm_entry")
            .Comm(VcpuPid, VcpuTid, "CPU 0/KVM", 0, cpu: 1)
            .Sample("sched:sched_stat_runtime", 850, 1, 1234, 1234, ("comm", "bash"), ("pid", 1234), ("runtime", 300L))
            .Sample("sched:sched_switch", 900, 1, 1234, 1234, ("prev_comm", "bash"), ("prev_pid", 1234), ("prev_state", 1L), ("next_comm", "CPU 0/KVM"), ("next_pid", VcpuTid))
            .Sample("kvm:kvm_entry", 1000, 1, VcpuPid, VcpuTid, ("vcpu_id", 0u))
            .Sample("kvm:kvm_exit", 1500, 1, VcpuPid, VcpuTid, ("exit_reason", 48u), ("isa", 1u));
        if (rounds)
        {
            writer.FinishedRound();
        }

        return writer
            .Sample("kvm:kvm_entry", 1700, 1, VcpuPid, VcpuTid, ("vcpu_id", 0u))
            .Comm(VcpuPid, VcpuTid, "vcpu-renamed", 2000, cpu: 1)
            .Sample("kvm:kvm_exit", 2600, 1, VcpuPid, VcpuTid, ("exit_reason", 1u), ("isa", 1u))
            .Sample("kvm:kvm_entry", 2650, 1, VcpuPid, VcpuTid, ("vcpu_id", 0u))
            .Sample("sched:sched_stat_runtime", 2990, 1, VcpuPid, VcpuTid, ("comm", "vcpu-renamed"), ("pid", VcpuTid), ("runtime", 350L))
            .Sample("sched:sched_switch", 3000, 1, VcpuPid, VcpuTid, ("prev_comm", "vcpu-renamed"), ("prev_pid", VcpuTid), ("next_comm", "bash"), ("next_pid", 1234));
    }

    // sched_waking as a kernel that stores its comm as a __data_loc string (as sched_stat_runtime's here) would describe it.
    private static TracepointFormat WakingWithDataLocComm() =>
        TracepointFormat.Parse("sched", File.ReadAllText(Path.Combine(FormatFixtures.Directory, "sched", "sched_waking"))
            .Replace("field:char comm[16];\toffset:8;\tsize:16;", "field:__data_loc char[] comm;\toffset:8;\tsize:4;", StringComparison.Ordinal));

    private static PerfDataWriter Writer(PerfDataWriterOptions options, params string[] formats) =>
        new([.. formats.Select(FormatFixtures.Load)], options);

    private Capture Convert(PerfDataWriter writer)
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.perf.data");
        writer.Save(path);
        return PerfConversion.Convert(path);
    }

    private static List<Row> Rows(Capture capture)
    {
        var events = capture.Events;
        return [.. Enumerable.Range(0, events.Count).Select(row => new Row(
            events.Kind[row], events.Cpu[row], events.TimeNs[row], events.Pid[row], capture.Names[events.Task[row]],
            events.DurationNs[row], events.NextPid[row], events.NextTask[row] < 0 ? string.Empty : capture.Names[events.NextTask[row]], events.ExitReason[row]))];
    }

    private sealed record Row(EventKind Kind, int Cpu, long TimeNs, int Pid, string Task, long DurationNs, int NextPid, string NextTask, uint ExitReason);
}
