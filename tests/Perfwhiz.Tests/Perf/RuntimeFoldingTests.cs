using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;

namespace Perfwhiz.Tests.Perf;

/// <summary>
/// The reading thread folds a task's sched_stat_runtime into the switch that follows it in the file
/// (the run time the kernel reports as it switches a task out), instead of sending it on as a record
/// of its own. These captures contradict themselves on purpose: in time, a switch out of the same
/// task on another CPU comes between the two, which unfolded records give the run time to. So the
/// result shows whether the pair was folded: it is (the deliberate choice for such a capture) only
/// when nothing breaks the pair, and every way of breaking it leaves the runtime a record of its own.
/// </summary>
[Trait("Kind", "unit")]
public sealed class RuntimeFoldingTests
{
    private const int Task = 7;
    private const long Runtime = 30;
    private const int Preempted = 0x100;
    private static readonly string[] Formats = ["sched/sched_switch", "sched/sched_stat_runtime", "sched/sched_waking", "sched/sched_migrate_task"];

    public static TheoryData<string> PairBreakers => new() { "remote", "lost", "waking", "migrate", "round", "comm", "exit", "older", "wide-state" };

    public static TheoryData<bool> Layouts => new() { false, true };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void TheTasksOwnRuntimeRightBeforeItsSwitchOutIsThatSwitchsRunTime(bool pipe)
    {
        var capture = Convert(Pair(breaker: null, pipe));

        // Folded: the switch at 110 on CPU 0 has the run time; the one at 105 on CPU 1 has no start and is dropped.
        Assert.Equal([(0, 110L, Runtime)], Switches(capture));
        Assert.Equal(Preempted, capture.Events.PrevState[0]);
        Assert.Equal(1, capture.Info.KeptPerEvent["sched:sched_stat_runtime"]);
        Assert.Equal(Runtime, capture.SchedRuntimeByTid![Task]);
    }

    [Theory]
    [MemberData(nameof(PairBreakers))]
    public void AnythingBetweenTheRuntimeAndTheSwitchLeavesTheRuntimeARecordOfItsOwn(string breaker)
    {
        var capture = Convert(Pair(breaker, pipe: breaker == "comm"));

        // Unfolded, in time order: the runtime at 100 goes to the task's first switch out, at 105 on CPU 1.
        Assert.Equal([(1, 105L, Runtime)], Switches(capture));
        Assert.Equal(1, capture.Info.KeptPerEvent["sched:sched_stat_runtime"]);
        Assert.Equal(Runtime, capture.SchedRuntimeByTid![Task]);
    }

    [Fact]
    public void AStretchWrittenTwiceGetsTheRunTimesOfUnfoldedRecords()
    {
        // perf.data after lost events was seen to hold a stretch of records twice. In time order both
        // runtimes come before both switches: the first switch gets both, the copy none (0: the CPU's
        // switch before it put another task on).
        var writer = Writer();
        for (var copy = 0; copy < 2; copy++)
        {
            writer
                .Sample("sched:sched_stat_runtime", 100, 0, Task, Task, ("comm", "seven"), ("pid", Task), ("runtime", Runtime))
                .Sample("sched:sched_switch", 110, 0, Task, Task, ("prev_comm", "seven"), ("prev_pid", Task), ("next_comm", "eight"), ("next_pid", 8));
        }

        var capture = Convert(writer);

        Assert.Equal([(0, 110L, 2 * Runtime), (0, 110L, 0L)], Switches(capture));
        Assert.Equal(2, capture.Info.KeptPerEvent["sched:sched_stat_runtime"]);
        Assert.Equal(2 * Runtime, capture.SchedRuntimeByTid![Task]);
    }

    // The runtime at 100 and the switch out at 110 on CPU 0, with what breaks the pair between them;
    // then CPU 1's chunk, where the same task is switched out at 105.
    private static PerfDataWriter Pair(string? breaker, bool pipe = false)
    {
        var recordedBy = breaker == "remote" ? 99 : Task;
        var runtimeTime = breaker == "older" ? 90UL : 100UL;
        var writer = Writer(pipe);
        if (breaker == "older")
        {
            // CPU 0 was at 95 already: the runtime goes back in time there.
            writer.Sample("sched:sched_waking", 95, 0, 1, 1, ("comm", "other"), ("pid", 12), ("target_cpu", 0));
        }

        writer.Sample("sched:sched_stat_runtime", runtimeTime, 0, Task, recordedBy, ("comm", "seven"), ("pid", Task), ("runtime", Runtime));
        switch (breaker)
        {
            case "lost": writer.Lost(writer.IdOf("sched:sched_switch"), 1, 102, cpu: 0); break;
            case "waking": writer.Sample("sched:sched_waking", 102, 0, Task, Task, ("comm", "seven"), ("pid", 11), ("target_cpu", 0)); break;
            case "migrate": writer.Sample("sched:sched_migrate_task", 102, 0, Task, Task, ("comm", "eleven"), ("pid", 11)); break;
            case "round": writer.FinishedRound(); break;
            case "comm": writer.Comm(Task, Task, "seven", 102, cpu: 0); break;
            case "exit": writer.Exit(11, 11, 11, 11, 102, cpu: 0); break;
        }

        // A prev_state beyond 16 bits (no kernel's) does not travel folded.
        var prevState = breaker == "wide-state" ? 1L << 16 : Preempted;
        return writer
            .Sample("sched:sched_switch", 110, 0, Task, Task, ("prev_comm", "seven"), ("prev_pid", Task), ("prev_state", prevState), ("next_comm", "eight"), ("next_pid", 8))
            .Sample("sched:sched_switch", 105, 1, Task, Task, ("prev_comm", "seven"), ("prev_pid", Task), ("next_comm", "swapper/1"), ("next_pid", 0));
    }

    private static PerfDataWriter Writer(bool pipe = false) =>
        new([.. Formats.Select(FormatFixtures.Load)], new PerfDataWriterOptions { NrCpus = 2, Pipe = pipe });

    private static List<(int Cpu, long TimeNs, long DurationNs)> Switches(Capture capture)
    {
        var events = capture.Events;
        return [.. Enumerable.Range(0, events.Count)
            .Where(row => events.Kind[row] == EventKind.Switch)
            .Select(row => (events.Cpu[row], events.TimeNs[row] + capture.Info.FirstEventPerfClockNs, events.DurationNs[row]))];
    }

    // Pipe-mode captures read any stream; file-mode ones need seeking, which a MemoryStream has.
    private static Capture Convert(PerfDataWriter writer) => PerfConversion.Convert(new MemoryStream(writer.ToArray()), "folding.perf.data");
}
