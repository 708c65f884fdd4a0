using System.Globalization;
using System.Text.RegularExpressions;

namespace Perfwhiz.Tests.Perf;

/// <summary>One sample as perf script printed it, with its tracepoint fields parsed on demand.</summary>
internal sealed partial record PerfScriptLine(string Comm, int Tid, int Cpu, long TimeNs, string Event, string Trace)
{
    public (string PrevComm, int PrevPid, string NextComm, int NextPid) Switch
    {
        get
        {
            var match = SwitchPattern().Match(Trace);
            Assert.True(match.Success, $"unexpected sched_switch text: {Trace}");
            return (match.Groups["pc"].Value, Int(match.Groups["pp"].Value), match.Groups["nc"].Value, Int(match.Groups["np"].Value));
        }
    }

    /// <summary>comm, pid and the trailing number of sched_stat_runtime (runtime) or a wakeup (target_cpu).</summary>
    public (string Comm, int Pid, long Value) Subject
    {
        get
        {
            var match = SubjectPattern().Match(Trace);
            Assert.True(match.Success, $"unexpected {Event} text: {Trace}");
            return (match.Groups["c"].Value, Int(match.Groups["p"].Value), long.Parse(match.Groups["v"].Value, CultureInfo.InvariantCulture));
        }
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^prev_comm=(?<pc>.*) prev_pid=(?<pp>-?\d+) prev_prio=\S+ prev_state=\S+ ==> next_comm=(?<nc>.*) next_pid=(?<np>-?\d+) next_prio=\S+$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SwitchPattern();

    [GeneratedRegex(@"^comm=(?<c>.*) pid=(?<p>-?\d+) (?:runtime=(?<v>\d+) \[ns\]|prio=\S+ target_cpu=(?<v>\d+))$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SubjectPattern();
}
