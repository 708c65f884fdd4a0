using Perfwhiz.Analyses.Stats;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Reports.Text;

/// <summary>
/// The <c>.stats</c> text: what the capture is, then the tables of <c>perf sched latency</c> (per task
/// name and per thread) and of <c>perf kvm stat report</c> (per exit reason and per vCPU thread).
/// Names come last on their lines (see <see cref="TextTable"/>).
/// </summary>
public static class StatsReport
{
    public static void Write(TextWriter output, CaptureInfo info, string runName, SchedLatencyStats scheduler, KvmExitStats kvm)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(runName);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(kvm);
        WriteHeader(output, info, runName);
        output.WriteLine();
        WriteScheduler(output, scheduler);
        output.WriteLine();
        WriteKvm(output, info, kvm);
    }

    private static void WriteHeader(TextWriter output, CaptureInfo info, string runName)
    {
        output.WriteLine($"perfwhiz stats of run {TerminalText.Printable(runName)}");
        WriteField(output, "Duration", $"{Seconds(info.DurationNs)} s; times below are seconds since the first event, at {Seconds(info.FirstEventPerfClockNs)} s of perf clock");
        WriteField(output, "Host", info.Host);
        WriteField(output, "Kernel", info.Kernel);
        WriteField(output, "CPUs", info.CpuCount?.ToString());
        WriteField(output, "perf", info.PerfVersion);
        WriteField(output, "Lost events", info.LostEvents > 0 ? $"{info.LostEvents:N0} in {info.LostRanges.Count} places: the figures below miss them" : "none");
        WriteField(output, "Task names", info.AnnotationSource is { Length: > 0 } source ? $"annotated from {source}" : "as recorded");
        foreach (var warning in info.Warnings)
        {
            WriteField(output, "Warning", warning);
        }
    }

    private static void WriteField(TextWriter output, string name, string? value) =>
        output.WriteLine($"{name + ":",-13}{TerminalText.Printable(value ?? "?")}");

    private static void WriteScheduler(TextWriter output, SchedLatencyStats scheduler)
    {
        if (scheduler.Threads.Count == 0)
        {
            output.WriteLine("Scheduler latency: no task was seen waiting for a CPU (it takes sched:sched_switch and sched:sched_wakeup or sched_waking).");
            return;
        }

        output.WriteLine("Scheduler latency per task, as perf sched latency: Runtime is sched_stat_runtime; Switches counts the");
        output.WriteLine("waits for a CPU perf counts, each from a wakeup to the switch in (a thread first seen being switched in");
        output.WriteLine("counts a wait of 0); the idle task and tasks that never waited are left out. The R+ columns are the");
        output.WriteLine("waits after a preemption, which perf 6.1 misses: not in perf's columns, nor a line with only those in TOTAL.");
        WriteSchedulerTable(output, scheduler.Tasks, scheduler.TaskTotal, "Threads", task => task.Threads.ToString());
        output.WriteLine();
        output.WriteLine("Scheduler latency per thread, as perf sched latency -p:");
        WriteSchedulerTable(output, scheduler.Threads, scheduler.ThreadTotal, "Tid", thread => $"{thread.Tid}");
    }

    private static void WriteSchedulerTable(TextWriter output, IReadOnlyList<TaskSchedLatency> lines, SchedLatencyTotal total, string idHeader, Func<TaskSchedLatency, string> id)
    {
        var table = new TextTable(
            new("Runtime ms"), new("Switches"), new("Avg delay ms"), new("Max delay ms"), new("Max delay start s"), new("Max delay end s"),
            new("R+ waits"), new("R+ avg ms"), new("R+ max ms"), new(idHeader), new("Task"));
        foreach (var line in lines)
        {
            table.Add(
                Ms(line.RuntimeNs),
                line.Switches.ToString(),
                Ms(line.AverageDelayNs),
                Ms(line.MaxDelayNs),
                Seconds(line.MaxDelayStartNs),
                Seconds(line.MaxDelayEndNs),
                line.Preempted.Count.ToString(),
                Ms(line.Preempted.AverageNs),
                Ms(line.Preempted.MaxNs),
                id(line),
                line.Task);
        }

        table.AddRule();
        table.Add(Ms(total.RuntimeNs), total.Switches.ToString(), string.Empty, string.Empty, string.Empty, string.Empty, total.Preempted.Count.ToString(), string.Empty, string.Empty, string.Empty, "TOTAL");
        table.WriteTo(output);
    }

    private static void WriteKvm(TextWriter output, CaptureInfo info, KvmExitStats kvm)
    {
        if (kvm.ExitRows == 0)
        {
            output.WriteLine(info.ExitReasonNames.Count > 0
                ? "KVM: no kvm_exit events: kvm:kvm_exit was recorded, but no guest exited while perf recorded."
                : "KVM: no kvm_exit events in this capture (on a KVM host, record kvm:kvm_exit and kvm:kvm_entry to see exits).");
            return;
        }

        if (kvm.HandledExits == 0)
        {
            output.WriteLine($"KVM: {kvm.ExitRows:N0} kvm_exit events, but no kvm_entry after any of them: handling times unknown (record kvm:kvm_entry too).");
            return;
        }

        var unfinished = kvm.ExitRows - kvm.HandledExits;
        output.WriteLine("KVM exits per reason, as perf kvm stat report: the time to handle an exit runs from kvm_exit to the vCPU's");
        output.WriteLine($"next kvm_entry ({kvm.HandledExits:N0} exits handled{(unfinished > 0 ? $", {unfinished:N0} not followed by a kvm_entry in the capture" : string.Empty)}).");
        var reasons = ExitTable();
        foreach (var (reason, name) in Named(kvm.Reasons, info))
        {
            reasons.Add([.. ExitCells(reason), name]);
        }

        reasons.WriteTo(output);
        output.WriteLine();
        output.WriteLine("KVM exits per vCPU thread and reason (Share: of the thread's exits):");
        var vcpus = ExitTable(new("Tid"), new("Reason", AlignLeft: true));
        foreach (var vcpu in kvm.Vcpus)
        {
            foreach (var (reason, name) in Named(vcpu.Reasons, info))
            {
                vcpus.Add([.. ExitCells(reason), vcpu.Tid.ToString(), name, vcpu.Task]);
            }
        }

        vcpus.WriteTo(output);
    }

    /// <summary>The reasons with the capture's kernel's names, most exits first, then by name.</summary>
    private static IEnumerable<(ExitHandling Reason, string Name)> Named(IEnumerable<ExitHandling> reasons, CaptureInfo info) =>
        reasons.Select(reason => (reason, ExitReasonNames.Of(reason.Reason, [info])))
            .OrderByDescending(pair => pair.reason.Count)
            .ThenBy(pair => pair.Item2, StringComparer.Ordinal);

    private static TextTable ExitTable(params TextColumn[] before) =>
        new([new("Exits"), new("Share %"), new("Total us"), new("Min us"), new("Avg us"), new("Max us"), .. before, new(before.Length == 0 ? "Reason" : "Task")]);

    private static string[] ExitCells(ExitHandling reason) =>
        [reason.Count.ToString(), reason.SharePercent.ToString("F2"), Us(reason.TotalNs), Us(reason.MinNs), Us(reason.AverageNs), Us(reason.MaxNs)];

    private static string Ms(double ns) => (ns / 1e6).ToString("F3");

    private static string Us(double ns) => (ns / 1e3).ToString("F2");

    private static string Seconds(long ns) => (ns / 1e9).ToString("F6");
}
