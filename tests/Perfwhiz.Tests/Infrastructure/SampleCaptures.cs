using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Infrastructure;

/// <summary>Captures for cdict tests: every row kind and edge value, and a large one made by repetition.</summary>
internal static class SampleCaptures
{
    public const string HostileName = "</script><b>x";
    public const string UnicodeName = "进程名";
    public const string NewlineName = "line\nbreak";

    /// <summary>Every event kind, NoPid and NoTask, hostile and unicode names, wakeups and complete metadata.</summary>
    public static Capture AllKinds()
    {
        var names = new TaskNames();
        var events = new EventTable(names);
        var qemu = names.Intern("qemu-kvm");
        var swapper = names.Intern("swapper/0");
        var hostile = names.Intern(HostileName);
        var unicode = names.Intern(UnicodeName);
        var vcpu = names.Intern("CPU 0/KVM");
        var newline = names.Intern(NewlineName);
        var empty = names.Intern(string.Empty);
        events.Add(EventKind.Switch, 0, 0, 1234, qemu, 1_500_123, 0, swapper, 0, prevState: 1);
        events.Add(EventKind.StatSleep, 1, 1_000_001, 77, hostile, 30_000_000, 0, EventTable.NoTask, 0);
        events.Add(EventKind.StatIowait, 2, 2_000_002, 5, unicode, 999, 0, EventTable.NoTask, 0);
        events.Add(EventKind.KvmExit, 3, 3_000_003, 4000, vcpu, 12_345, EventTable.NoPid, EventTable.NoTask, uint.MaxValue);
        events.Add(EventKind.KvmEntry, 3, 3_012_348, 4000, vcpu, 2_001, EventTable.NoPid, EventTable.NoTask, 0);
        events.Add(EventKind.KvmExit, 3, 3_020_000, 4000, vcpu, 0, EventTable.NoPid, EventTable.NoTask, 30);
        events.Add(EventKind.Switch, 1, 4_000_000, 88, newline, 7, 0, EventTable.NoTask, 0, prevState: 0x100);
        events.Add(EventKind.Switch, 255, 86_400_000_000_123, int.MaxValue, unicode, -5, 1, empty, 0, prevState: int.MaxValue);
        events.Add(EventKind.Switch, 0, 86_400_000_000_124, 0, EventTable.NoTask, 1, 1234, qemu, 0);

        var wakeups = new WakeupTable();
        wakeups.Add(WakeupKind.Waking, 500, 0, 1234, qemu, 1);
        wakeups.Add(WakeupKind.Wakeup, 86_400_000_000_000, 1, 77, unicode, 0);
        wakeups.Add(WakeupKind.WakeupNew, 3_000_000, 255, 99, EventTable.NoTask, 255);

        var info = new CaptureInfo
        {
            Host = "host-1",
            Kernel = "6.1.0-18-amd64",
            PerfVersion = "6.1.76",
            Arch = "x86_64",
            CpuCount = 2,
            FirstEventPerfClockNs = 123_456_789_012_345,
            DurationNs = 86_400_000_000_124,
            LostEvents = 17,
            AnnotationSource = "map.csv",
        };
        info.KeptPerEvent["sched:sched_switch"] = 4;
        info.KeptPerEvent["kvm:kvm_exit"] = 2;
        info.DroppedPerEvent["sched:sched_wakeup (no task)"] = 3;
        info.LostRanges.Add(new TimeRange(10, 20));
        info.LostRanges.Add(new TimeRange(1_000, 5_000));
        info.Warnings.Add("no sched_stat_sleep: sleep delays are unknown");
        info.Warnings.Add("a warning with a\nnewline");
        info.ExitReasonNames[0] = "EXCEPTION_NMI";
        info.ExitReasonNames[30] = "IO_INSTRUCTION";
        info.ExitReasonNames[uint.MaxValue] = "SVM_EXIT_ERR";
        return new Capture(events, wakeups, info);
    }

    /// <summary>The rows of <see cref="AllKinds"/> repeated to <paramref name="rows"/> rows, times kept increasing.</summary>
    public static Capture Repeated(int rows)
    {
        var sample = AllKinds();
        var source = sample.Events;
        var events = new EventTable(sample.Names);
        events.EnsureCapacity(rows);
        const long Period = 10_000_000_000;
        for (var row = 0; row < rows; row++)
        {
            var from = row % source.Count;
            var shift = row / source.Count * Period;
            events.Add(source.Kind[from], source.Cpu[from], source.TimeNs[from] + shift, source.Pid[from], source.Task[from], source.DurationNs[from], source.NextPid[from], source.NextTask[from], source.ExitReason[from], source.PrevState[from]);
        }

        return new Capture(events, sample.Wakeups, sample.Info);
    }
}
