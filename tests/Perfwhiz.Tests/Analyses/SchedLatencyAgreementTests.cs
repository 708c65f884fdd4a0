using Perfwhiz.Analyses;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;

namespace Perfwhiz.Tests.Analyses;

/// <summary>
/// Run times, switch counts and wakeup latencies of real captures against <c>perf sched latency -p</c>
/// on the same files (its output committed beside each fixture, compared live when perf is here).
/// perf names a thread by its last name, so both sides are compared per thread id. The waits perf 6.1
/// misses (<see cref="WaitCause.Preempted"/>) are left out of perfwhiz's side. Run times are the
/// conversion's sched_stat_runtime totals; the switch rows' are checked against them.
/// </summary>
[Trait("Kind", "unit")]
public sealed class SchedLatencyAgreementTests
{
    public static TheoryData<string> Captures => new(PerfSchedLatency.Captures);

    [Theory]
    [MemberData(nameof(Captures))]
    public void RunTimesAndSwitchesAgreeWithPerfSchedLatency(string name)
    {
        var (perf, ours) = Compare(name);
        foreach (var thread in perf)
        {
            Assert.True(ours.TryGetValue(thread.Tid!.Value, out var mine), $"{thread.Comm}:{thread.Tid} missing");

            // perf's "Switches" counts the switches in that ended a wait it measured, a thread first
            // seen being switched in with a wait of 0: perfwhiz's measured waits.
            Assert.True(Math.Abs(mine.Waits - thread.Switches) <= 1, $"{thread.Comm}:{thread.Tid} {mine.Waits} waits, perf {thread.Switches} switches");
            Assert.True(mine.Switches >= thread.Switches - 1, $"{thread.Comm}:{thread.Tid} {mine.Switches} switches, perf {thread.Switches}");
            Assert.True(PerfSchedLatency.Near(mine.RunTimeMs, thread.RuntimeMs, 0.01, 0.001), $"{thread.Comm}:{thread.Tid} run time {mine.RunTimeMs} ms, perf {thread.RuntimeMs} ms");
            // A switch row holds what the thread ran since it was last switched out: never more than it ran in all.
            Assert.True(mine.SwitchRunTimeMs <= mine.RunTimeMs + 0.001, $"{thread.Comm}:{thread.Tid} switch rows {mine.SwitchRunTimeMs} ms, sched_stat_runtime {mine.RunTimeMs} ms");
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void WakeupLatencyAgreesWithPerfSchedLatency(string name)
    {
        var (perf, ours) = Compare(name);
        var compared = 0;
        foreach (var thread in perf.Where(thread => ours[thread.Tid!.Value].Waits > 0))
        {
            var mine = ours[thread.Tid!.Value];
            // perf's average divides the total wait by its switch count: compare the totals.
            var perfTotalMs = thread.TotalDelayMs;
            Assert.True(PerfSchedLatency.Near(mine.TotalWaitMs, perfTotalMs, 0.01, 0.001 * thread.Switches), $"{thread.Comm}:{thread.Tid} total wait {mine.TotalWaitMs} ms, perf {perfTotalMs} ms");
            Assert.True(PerfSchedLatency.Near(mine.MaxWaitMs, thread.MaxDelayMs, 0.01, 0.001), $"{thread.Comm}:{thread.Tid} max wait {mine.MaxWaitMs} ms, perf {thread.MaxDelayMs} ms");
            compared++;
        }

        Assert.True(compared >= 10, $"only {compared} threads compared");
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void CommittedSchedLatencyIsWhatPerfPrintsToday(string name)
    {
        if (PerfSchedLatency.Live(name, perThread: true) is { } output)
        {
            Assert.Equal(SchedLatencyText.Parse(PerfSchedLatency.Committed(name, perThread: true)), SchedLatencyText.Parse(output));
        }
    }

    private static (List<SchedLatencyLine> Perf, Dictionary<int, Thread> Ours) Compare(string name)
    {
        var perf = SchedLatencyText.Parse(PerfSchedLatency.Committed(name, perThread: true));
        Assert.NotEmpty(perf);
        var capture = PerfConversion.Convert(Fixtures.PerfData(name));
        var keys = TaskKeys.Build(capture, new TaskNaming(AppendTid: true));
        var run = new Run(name, name, capture, keys, new AnalysisWindow(0, long.MaxValue, 1.0));
        var all = Enumerable.Repeat(true, keys.Count).ToArray();
        var ours = new Dictionary<int, Thread>();
        var events = capture.Events;
        for (var row = 0; row < events.Count; row++)
        {
            if (events.Kind[row] == EventKind.Switch)
            {
                var thread = ours.GetValueOrDefault(events.Pid[row]) ?? new Thread();
                ours[events.Pid[row]] = thread with
                {
                    Switches = thread.Switches + 1,
                    SwitchRunTimeMs = thread.SwitchRunTimeMs + (events.DurationNs[row] / 1e6),
                };
            }
        }

        foreach (var (tid, runtimeNs) in capture.SchedRuntimeByTid!)
        {
            ours[tid] = (ours.GetValueOrDefault(tid) ?? new Thread()) with { RunTimeMs = runtimeNs / 1e6 };
        }

        var waits = WakeupLatencyAnalysis.Measure(run, all);
        for (var i = 0; i < waits.Count; i++)
        {
            var tid = keys.FirstTid(waits.Keys[i]);
            if (waits.Causes[i] == WaitCause.Preempted)
            {
                continue;
            }

            var delayMs = waits.Delays[i] / 1e6;
            var thread = ours.GetValueOrDefault(tid) ?? new Thread();
            ours[tid] = thread with { Waits = thread.Waits + 1, TotalWaitMs = thread.TotalWaitMs + delayMs, MaxWaitMs = Math.Max(thread.MaxWaitMs, delayMs) };
        }

        return (perf, ours);
    }

    private sealed record Thread(long Switches = 0, double SwitchRunTimeMs = 0, double RunTimeMs = 0, long Waits = 0, double TotalWaitMs = 0, double MaxWaitMs = 0);
}
