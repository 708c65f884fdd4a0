
namespace Perfwhiz.Tests.Infrastructure;

/// <summary>
/// What comparisons with <c>perf sched latency</c> share: the fixtures compared, perf's output for them
/// (committed beside each, or live).
/// </summary>
internal static class PerfSchedLatency
{
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
}
