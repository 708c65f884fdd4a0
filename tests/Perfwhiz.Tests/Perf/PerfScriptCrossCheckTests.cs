using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;

namespace Perfwhiz.Tests.Perf;

/// <summary>
/// The native reader against perf itself: every switch, run time and wakeup of real captures must
/// match what <c>perf script</c> decoded from the same file (committed beside each fixture).
/// </summary>
[Trait("Kind", "process")]
public sealed class PerfScriptCrossCheckTests
{
    public static TheoryData<string> Captures => new() { "sched", "sched-z", "sched-pipe", "qemu", "lost" };

    [Theory]
    [MemberData(nameof(Captures))]
    public void SwitchRowsAreThePerfScriptSwitchesInTimeOrder(string name)
    {
        var capture = PerfConversion.Convert(Fixtures.PerfData(name));
        var script = PerfScriptText.FromGzipFile(Fixtures.PerfData(name) + ".perf-script.txt.gz");
        var origin = capture.Info.FirstEventPerfClockNs;
        var expected = script.Of("sched:sched_switch").ToList();
        var firstOnCpu = expected.GroupBy(line => line.Cpu).Select(group => group.First()).ToHashSet();
        var events = capture.Events;
        var actual = Enumerable.Range(0, events.Count).Where(row => events.Kind[row] == EventKind.Switch).ToList();

        // Only a CPU's first switch may be missing, when its task's run time is unknown.
        var dropped = expected.Count - actual.Count;
        Assert.InRange(dropped, 0, firstOnCpu.Count);
        var kept = expected.Where(line => !firstOnCpu.Contains(line) || actual.Any(row => events.TimeNs[row] + origin == line.TimeNs)).ToList();
        Assert.Equal(kept.Count, actual.Count);
        for (var i = 0; i < kept.Count; i++)
        {
            var row = actual[i];
            var (prevComm, prevPid, nextComm, nextPid) = kept[i].Switch;
            Assert.Equal(kept[i].TimeNs, events.TimeNs[row] + origin);
            Assert.Equal(kept[i].Cpu, events.Cpu[row]);
            Assert.Equal(prevPid, events.Pid[row]);
            Assert.Equal(prevComm, capture.Names[events.Task[row]]);
            Assert.Equal(nextPid, events.NextPid[row]);
            Assert.Equal(nextComm, capture.Names[events.NextTask[row]]);
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void RunTimesAreTheSumsOfSchedStatRuntimeUpToEachSwitchOut(string name)
    {
        var capture = PerfConversion.Convert(Fixtures.PerfData(name));
        var script = PerfScriptText.FromGzipFile(Fixtures.PerfData(name) + ".perf-script.txt.gz");
        var origin = capture.Info.FirstEventPerfClockNs;
        var lastSwitchOut = script.Of("sched:sched_switch").GroupBy(line => line.Switch.PrevPid)
            .ToDictionary(group => group.Key, group => group.Max(line => line.TimeNs));
        var expectedRunTime = script.Of("sched:sched_stat_runtime")
            .Select(line => (line.TimeNs, line.Subject.Pid, Runtime: line.Subject.Value))
            .Where(runtime => runtime.Pid != 0 && lastSwitchOut.TryGetValue(runtime.Pid, out var last) && runtime.TimeNs <= last)
            .GroupBy(runtime => runtime.Pid)
            .ToDictionary(group => group.Key, group => group.Sum(runtime => runtime.Runtime));
        var events = capture.Events;
        var actualRunTime = Enumerable.Range(0, events.Count)
            .Where(row => events.Kind[row] == EventKind.Switch && expectedRunTime.ContainsKey(events.Pid[row]))
            .GroupBy(row => events.Pid[row])
            .ToDictionary(group => group.Key, group => group.Sum(row => events.DurationNs[row]));

        Assert.NotEmpty(expectedRunTime);
        if (capture.Info.LostEvents == 0)
        {
            Assert.Equal(expectedRunTime.OrderBy(pair => pair.Key), actualRunTime.OrderBy(pair => pair.Key));
        }
        else
        {
            // Where a task's sched_stat_runtime were lost, its run time falls back to the switch
            // timestamps, which covers at least what the surviving runtimes say.
            Assert.All(expectedRunTime, pair => Assert.True(actualRunTime[pair.Key] >= pair.Value, $"pid {pair.Key}"));
        }
        Assert.Equal(script.Of("sched:sched_stat_runtime").LongCount(), capture.Info.KeptPerEvent["sched:sched_stat_runtime"]);
        Assert.True(origin > 0);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void WakeupsAreThePerfScriptWakeups(string name)
    {
        var capture = PerfConversion.Convert(Fixtures.PerfData(name));
        var script = PerfScriptText.FromGzipFile(Fixtures.PerfData(name) + ".perf-script.txt.gz");
        var origin = capture.Info.FirstEventPerfClockNs;
        var expected = script.Lines
            .Where(line => line.Event is "sched:sched_wakeup" or "sched:sched_waking" or "sched:sched_wakeup_new")
            .Select(line => (line.TimeNs, line.Event, line.Cpu, line.Subject.Pid, line.Subject.Comm, TargetCpu: (int)line.Subject.Value))
            .ToList();
        var wakeups = capture.Wakeups;
        var actual = Enumerable.Range(0, wakeups.Count)
            .Select(row => (wakeups.TimeNs[row] + origin, KernelName(wakeups.Kind[row]), wakeups.Cpu[row], wakeups.Pid[row], capture.Names[wakeups.Task[row]], wakeups.TargetCpu[row]))
            .ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void CommittedPerfScriptOutputIsWhatPerfPrintsToday(string name)
    {
        var perf = ExternalTool.Find("perf");
        if (perf is null)
        {
            ExternalTool.SkipAbsent("perf", $"{name}.perf.data");
            return;
        }

        var (exitCode, output, _) = ExternalTool.Run(perf, "script", "-i", Fixtures.PerfData(name), "--ns", "-F", PerfScriptText.Fields);
        Assert.Equal(0, exitCode);
        var committed = PerfScriptText.FromGzipFile(Fixtures.PerfData(name) + ".perf-script.txt.gz");
        Assert.Equal(committed.Lines, PerfScriptText.Parse(output).Lines);
    }

    private static string KernelName(WakeupKind kind) => kind switch
    {
        WakeupKind.Waking => "sched:sched_waking",
        WakeupKind.Wakeup => "sched:sched_wakeup",
        _ => "sched:sched_wakeup_new",
    };
}
