namespace Perfwhiz.Conversion;

/// <summary>
/// The tracepoints perfwhiz reads, in one place: the fields each needs, what a capture without it
/// loses, and whether perfcap records it. The decoders, the per-tracepoint counts, the capture
/// health and the live recording plan all read this list.
/// </summary>
public static class TracepointCatalog
{
    internal static readonly Tracepoint[] All =
    [
        new("sched:sched_switch", PendingKind.Switch, TracepointRecording.Required, new("prev_pid", "prev_comm", Number: "prev_state", Related: "next_pid", NextComm: "next_comm"))
        {
            Anchor = true,
            LostWithout = "no sched:sched_switch: CPU usage, context switches and core maps will be empty",
            FirstDropReason = "first on its CPU, run time unknown",
        },
        new("sched:sched_stat_runtime", PendingKind.StatRuntime, TracepointRecording.Wanted, new("pid", Number: "runtime"))
        {
            LostWithout = "no sched:sched_stat_runtime: run times are taken from the switch timestamps",
            LostOnlyWith = "sched:sched_switch",
        },
        new("sched:sched_wakeup", PendingKind.Wakeup, TracepointRecording.Wanted, new("pid", "comm", Related: "target_cpu"))
        {
            LostWithout = "no sched:sched_wakeup or sched_waking: wakeup latency cannot be computed",
            CoveredBy = "sched:sched_waking",
        },
        new("sched:sched_waking", PendingKind.Waking, TracepointRecording.StandIn, new("pid", "comm", Related: "target_cpu")),
        new("sched:sched_wakeup_new", PendingKind.WakeupNew, TracepointRecording.Wanted, new("pid", "comm", Related: "target_cpu")),
        new("sched:sched_stat_sleep", PendingKind.StatSleep, TracepointRecording.Wanted, new("pid", "comm", Number: "delay"))
        {
            LostWithout = "no schedstats (sched:sched_stat_sleep/iowait not in the capture): sleep and iowait heat maps will be empty",
            CoveredBy = "sched:sched_stat_iowait",
        },
        new("sched:sched_stat_iowait", PendingKind.StatIowait, TracepointRecording.Wanted, new("pid", "comm", Number: "delay")),
        new("kvm:kvm_exit", PendingKind.KvmExit, TracepointRecording.Wanted, new("common_pid", Number: "exit_reason", Related: "isa"))
        {
            Anchor = true,
            LostWithout = "no kvm:kvm_exit/kvm_entry: KVM exit charts will be empty",
            FirstDropReason = "first of its vCPU, guest time unknown",
        },
        new("kvm:kvm_entry", PendingKind.KvmEntry, TracepointRecording.Wanted, new("common_pid"))
        {
            FirstDropReason = "first of its vCPU, exit time unknown",
        },
    ];

    /// <summary>
    /// What perfcap records, in order, each with the tracepoints that stand in for it when the kernel
    /// lacks it (the first the kernel has is recorded); the first is required.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Recorded { get; } =
        [.. All.Where(tracepoint => tracepoint.Recording is TracepointRecording.Required or TracepointRecording.Wanted)
            .Select(tracepoint => (IReadOnlyList<string>)[tracepoint.Name, .. All.Where(standIn => standIn.Recording == TracepointRecording.StandIn && standIn.Name == tracepoint.CoveredBy).Select(standIn => standIn.Name)])];

    internal static Tracepoint Of(PendingKind kind) => All[(int)kind];

    internal static Tracepoint? Named(string name) => Array.Find(All, tracepoint => string.Equals(tracepoint.Name, name, StringComparison.Ordinal));
}
