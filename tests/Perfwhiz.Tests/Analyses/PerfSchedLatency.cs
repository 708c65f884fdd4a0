using Perfwhiz.Captures.Table;
using Perfwhiz.Tests.Infrastructure;

namespace Perfwhiz.Tests.Analyses;

/// <summary>
/// What comparisons with <c>perf sched latency</c> share: the fixtures compared, perf's output for them
/// (committed beside each, or live) and perf 6.1's known blind spot.
/// </summary>
internal static class PerfSchedLatency
{
    private const int PreemptedFlag = 0x100;

    /// <summary>Not lost.perf.data: with 60% of its events lost, perf's own figures for it are guesses.</summary>
    public static IReadOnlyList<string> Captures { get; } = ["sched", "sched-z", "qemu"];

    /// <summary>perf's output committed beside the fixture: per thread (<c>-p</c>) or per name.</summary>
    public static string Committed(string name, bool perThread) =>
        File.ReadAllText(Fixtures.PerfData(name) + (perThread ? ".sched-latency-pids.txt" : ".sched-latency.txt"));

    /// <summary>What perf prints for the fixture today; null, said on the test output, without perf.</summary>
    public static string? Live(string name, bool perThread)
    {
        var perf = ExternalTool.Find("perf");
        if (perf is null)
        {
            ExternalTool.SkipAbsent("perf", $"{name}.perf.data sched latency");
            return null;
        }

        var (exitCode, output, _) = perThread
            ? ExternalTool.Run(perf, "sched", "latency", "-p", "-i", Fixtures.PerfData(name))
            : ExternalTool.Run(perf, "sched", "latency", "-i", Fixtures.PerfData(name));
        Assert.Equal(0, exitCode);
        return output;
    }

    public static bool Near(double actual, double expected, double relative, double absolute) =>
        Math.Abs(actual - expected) <= Math.Max(relative * Math.Abs(expected), absolute);

    /// <summary>
    /// The switches out of a task preempted while runnable ("R+"). perf 6.1 reads prev_state as an index
    /// into "RSDTtZXxKWP": the preempted flag of kernels 4.14+ (0x100) falls outside it, so perf neither
    /// counts those switches nor measures the waits that follow them. perfwhiz does both.
    /// </summary>
    public static HashSet<(int Tid, long TimeNs)> PreemptedSwitches(Capture capture)
    {
        var preempted = new HashSet<(int Tid, long TimeNs)>();
        var events = capture.Events;
        for (var row = 0; row < events.Count; row++)
        {
            if (events.Kind[row] == EventKind.Switch && (events.PrevState[row] & PreemptedFlag) != 0)
            {
                preempted.Add((events.Pid[row], events.TimeNs[row]));
            }
        }

        return preempted;
    }
}
