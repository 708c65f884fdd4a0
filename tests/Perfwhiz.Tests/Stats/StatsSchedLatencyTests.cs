using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;
using Perfwhiz.Reports.Text;
using Perfwhiz.Tests.Analyses;
using Perfwhiz.Tests.Infrastructure;

namespace Perfwhiz.Tests.Stats;

/// <summary>
/// The scheduler tables of the .stats file against <c>perf sched latency</c> on the same perf.data: per
/// thread (perf's <c>-p</c>), per name and TOTAL, within 1%, with the output committed beside each
/// fixture and with perf itself when it is installed. Threads preempted at some point ("R+") have
/// waits perf 6.1 misses (<see cref="PerfSchedLatency.PreemptedSwitches"/>): for them the run time
/// must agree and perfwhiz must see at least what perf sees.
/// </summary>
[Trait("Kind", "unit")]
public sealed class StatsSchedLatencyTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-stats-").FullName;

    public static TheoryData<string, bool> Sources
    {
        get
        {
            var sources = new TheoryData<string, bool>();
            foreach (var name in PerfSchedLatency.Captures)
            {
                sources.Add(name, false);
                sources.Add(name, true);
            }

            return sources;
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [MemberData(nameof(Sources))]
    public void PerThreadFiguresAgreeWithPerfSchedLatencyP(string name, bool live)
    {
        var perfText = live ? PerfSchedLatency.Live(name, perThread: true) : PerfSchedLatency.Committed(name, perThread: true);
        if (perfText is null)
        {
            return;
        }

        var (capture, stats) = Stats(name);
        var preempted = PerfSchedLatency.PreemptedSwitches(capture).Select(pair => pair.Tid).ToHashSet();
        var (ours, _) = StatsText.SchedulerTable(stats, StatsText.PerThread);
        var perf = SchedLatencyText.Parse(perfText);
        var compared = 0;
        foreach (var thread in perf)
        {
            var mine = ours.SingleOrDefault(line => line.Tid == thread.Tid);
            if (mine is null)
            {
                // Only perf's wait of 0 for a thread first seen being switched in.
                Assert.True(thread.Switches <= 1 && thread.MaxDelayMs == 0, $"{thread.Comm}:{thread.Tid} missing");
                continue;
            }

            AssertAgrees(thread, mine, preempted.Contains(mine.Tid!.Value), capture.Info.FirstEventPerfClockNs);
            compared++;
        }

        Assert.True(compared >= 20, $"only {compared} threads compared");
        Assert.All(ours.Where(line => !perf.Exists(thread => thread.Tid == line.Tid)), line => Assert.Contains(line.Tid!.Value, preempted));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void PerNameFiguresAndTotalAgreeWithPerfSchedLatency(string name, bool live)
    {
        var perfText = live ? PerfSchedLatency.Live(name, perThread: false) : PerfSchedLatency.Committed(name, perThread: false);
        if (perfText is null)
        {
            return;
        }

        var (capture, stats) = Stats(name);
        var preemptedSwitches = PerfSchedLatency.PreemptedSwitches(capture);
        var preempted = preemptedSwitches.Select(pair => pair.Tid).ToHashSet();
        var (ours, total) = StatsText.SchedulerTable(stats, StatsText.PerTask);
        var (threads, threadTotal) = StatsText.SchedulerTable(stats, StatsText.PerThread);
        var perf = SchedLatencyText.Parse(perfText);
        var compared = 0;
        foreach (var task in perf)
        {
            // perf names a thread from its COMM records, perfwhiz from its switches: a few differ
            // (kworker/0:2-eve is kworker/0:2 in sched_switch). Every group of threads is found.
            var mine = ours.SingleOrDefault(line => line.Comm == task.Comm);
            if (mine is null)
            {
                Assert.True(task.Threads == 1, $"{task.Comm}:({task.Threads}) missing");
                continue;
            }

            // perf counts in a group the threads it never saw wait, too.
            Assert.InRange(mine.Threads, 1, task.Threads);
            var members = threads.Where(thread => thread.Comm == task.Comm).Select(thread => thread.Tid!.Value);
            AssertAgrees(task, mine, members.Any(preempted.Contains), capture.Info.FirstEventPerfClockNs);
            compared++;
        }

        Assert.True(compared >= perf.Count * 3 / 4, $"only {compared} of {perf.Count} names compared");
        var perfTotal = SchedLatencyText.Total(perfText);
        Assert.Equal(threadTotal, total);
        Assert.True(PerfSchedLatency.Near(total.RuntimeMs, perfTotal.RuntimeMs, 0.01, 0.001), $"TOTAL run time {total.RuntimeMs} ms, perf {perfTotal.RuntimeMs} ms");
        Assert.True(Math.Abs(total.Switches - perfTotal.Switches) <= preemptedSwitches.Count + perf.Count, $"TOTAL switches {total.Switches}, perf {perfTotal.Switches}");
        Assert.True(PerfSchedLatency.Near(total.Switches, perfTotal.Switches, 0.01, 1), $"TOTAL switches {total.Switches}, perf {perfTotal.Switches}");
    }

    // perf's switch count has a wait of 0 more per thread first seen being switched in.
    private static void AssertAgrees(SchedLatencyLine perf, SchedLatencyLine mine, bool preempted, long originNs)
    {
        var what = $"{perf.Comm}:{perf.Tid?.ToString() ?? $"({perf.Threads})"}";
        Assert.True(PerfSchedLatency.Near(mine.RuntimeMs, perf.RuntimeMs, 0.01, 0.001), $"{what} run time {mine.RuntimeMs} ms, perf {perf.RuntimeMs} ms");
        if (preempted)
        {
            Assert.True(mine.Switches >= perf.Switches - perf.Threads, $"{what} {mine.Switches} switches, perf {perf.Switches}");
            Assert.True(mine.MaxDelayMs >= (perf.MaxDelayMs * 0.99) - 0.001, $"{what} max delay {mine.MaxDelayMs} ms, perf {perf.MaxDelayMs} ms");
            return;
        }

        Assert.True(Math.Abs(mine.Switches - perf.Switches) <= perf.Threads, $"{what} {mine.Switches} switches, perf {perf.Switches}");
        Assert.True(PerfSchedLatency.Near(mine.TotalDelayMs, perf.TotalDelayMs, 0.01, 0.001 * perf.Switches), $"{what} total delay {mine.TotalDelayMs} ms, perf {perf.TotalDelayMs} ms");
        Assert.True(PerfSchedLatency.Near(mine.MaxDelayMs, perf.MaxDelayMs, 0.01, 0.001), $"{what} max delay {mine.MaxDelayMs} ms, perf {perf.MaxDelayMs} ms");
        if (mine.MaxDelayMs == perf.MaxDelayMs)
        {
            // Both print µs: perfwhiz's since the first event, perf's on perf clock.
            Assert.True(Math.Abs(mine.MaxStartSeconds + (originNs / 1e9) - perf.MaxStartSeconds) <= 2e-6, $"{what} max delay from {mine.MaxStartSeconds} s after {originNs} ns, perf from {perf.MaxStartSeconds} s");
        }
    }

    private (Capture Capture, string Stats) Stats(string name)
    {
        var capture = PerfConversion.Convert(Fixtures.PerfData(name));
        var path = Path.Combine(folder, $"{name}.stats");
        StatsFile.Write(path, capture, name);
        return (capture, File.ReadAllText(path));
    }
}
