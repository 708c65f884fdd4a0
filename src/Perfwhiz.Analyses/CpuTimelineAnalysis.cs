using System.Runtime.CompilerServices;
using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>
/// The whole host's timeline: every task's scheduled intervals on every CPU in the window (the idle
/// task's excepted), each with the wait for a CPU that ended when it began and the task that woke
/// it. An interval is a switch's run time, ending at the switch on its CPU, as the heat maps' core
/// spans; a task switched in and still running when the window ends runs to the window's end. The
/// waker is the task running on the CPU that recorded the wakeup, as perf sched timehist names it
/// (a wakeup sent to another CPU's queue may be recorded there, under the task it interrupted).
/// </summary>
public static class CpuTimelineAnalysis
{
    private const int IdleTid = 0;
    private const int NoRow = -1;

    // A cdict's CPUs are numbered below this (CdictLimits.MaxCpus); a capture built otherwise grows past it as before.
    private const int CdictCpuLimit = 8192;

    public static IReadOnlyList<CpuIntervals> Compute(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Compute(run, WakeupLatencyAnalysis.MeasureAll(run));
    }

    /// <param name="run">The run.</param>
    /// <param name="waits">Every task's waits in the run (<see cref="WakeupLatencyAnalysis.MeasureAll"/>): the heat maps share them.</param>
    public static IReadOnlyList<CpuIntervals> Compute(Run run, TaskWaits waits)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(waits);
        var events = run.Capture.Events;
        var wakeups = run.Capture.Wakeups;
        var waitOfSwitchIn = WaitOfSwitchIn(run, waits);
        var cpus = new List<CpuIntervals>();
        var running = new List<(int Key, int Tid, int SwitchInRow)>();
        var switchesOnCpu = SwitchesPerCpu(run);
        AddCpus(cpus, running, switchesOnCpu, Math.Max(run.Capture.Info.CpuCount ?? 0, 1) - 1);

        // The columns once, not a property per access, and no closure in the loop: there is a row
        // per switch and per wakeup, millions of them.
        var (kinds, cpuOf, times, pids, durations, nextPids) = (events.Kind, events.Cpu, events.TimeNs, events.Pid, events.DurationNs, events.NextPid);
        var (keyOfRow, keyOfNext) = (run.Keys.OfRow, run.Keys.OfNext);
        var (wakeupTimes, wakeupCpus) = (wakeups.TimeNs, wakeups.Cpu);
        var (wakeupStart, wakeupEnd) = (run.WakeupStart, run.WakeupEnd);
        var waitDelays = waits.Delays;
        var waitWakeupRows = waits.WakeupRows;
        var wakers = new (int Key, int Tid)[wakeupEnd - wakeupStart];
        var w = wakeupStart;
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            if (kinds[row] != EventKind.Switch || cpuOf[row] < 0)
            {
                continue;
            }

            var time = times[row];
            for (; w < wakeupEnd && wakeupTimes[w] <= time; w++)
            {
                var wakeupCpu = wakeupCpus[w];
                wakers[w - wakeupStart] = (uint)wakeupCpu < (uint)running.Count ? (running[wakeupCpu].Key, running[wakeupCpu].Tid) : (TaskKeys.None, IdleTid);
            }

            var cpu = cpuOf[row];
            AddCpus(cpus, running, switchesOnCpu, cpu);
            var pid = pids[row];
            var duration = durations[row];
            if (pid != IdleTid && duration > 0)
            {
                var switchIn = running[cpu].Tid == pid ? running[cpu].SwitchInRow : NoRow;
                var wait = switchIn == NoRow ? NoRow : waitOfSwitchIn[switchIn - run.EventStart];
                var (waitNs, wakerKey, wakerTid) = WaitAndWaker(wait, waitDelays, waitWakeupRows, wakers, wakeupStart);
                cpus[cpu].Add(time - duration, duration, keyOfRow[row], pid, waitNs, wakerKey, wakerTid);
            }

            running[cpu] = (keyOfNext[row], nextPids[row], row);
        }

        EndStillRunning(run, cpus, running, switchIn => WaitEndedBy(run, waits, waitOfSwitchIn, wakers, switchIn));
        return cpus;
    }

    /// <summary>Adds CPUs, idle, up to <paramref name="cpu"/>, each with room for an interval per switch on it and the one still running at the end.</summary>
    private static void AddCpus(List<CpuIntervals> cpus, List<(int Key, int Tid, int SwitchInRow)> running, int[] switchesOnCpu, int cpu)
    {
        while (cpus.Count <= cpu)
        {
            cpus.Add(new CpuIntervals(cpus.Count, cpus.Count < switchesOnCpu.Length ? switchesOnCpu[cpus.Count] + 1 : 1));
            running.Add((TaskKeys.None, IdleTid, NoRow));
        }
    }

    /// <summary>The number of switches in the window on each CPU that has any.</summary>
    private static int[] SwitchesPerCpu(Run run)
    {
        var (kinds, cpuOf) = (run.Capture.Events.Kind, run.Capture.Events.Cpu);
        var switches = new int[CdictCpuLimit];
        var cpus = 0;
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            var cpu = cpuOf[row];
            if (kinds[row] == EventKind.Switch && (uint)cpu < (uint)switches.Length)
            {
                switches[cpu]++;
                cpus = Math.Max(cpus, cpu + 1);
            }
        }

        return switches[..cpus];
    }

    /// <summary>A task still running when the window ends has no switch out: its interval ends there.</summary>
    private static void EndStillRunning(Run run, List<CpuIntervals> cpus, List<(int Key, int Tid, int SwitchInRow)> running, Func<int, (long WaitNs, int WakerKey, int WakerTid)> waitEndedBy)
    {
        var times = run.Capture.Events.TimeNs;
        var endNs = run.RunningUntilNs;
        for (var cpu = 0; cpu < running.Count; cpu++)
        {
            var (key, tid, switchIn) = running[cpu];
            if (tid != IdleTid && switchIn != NoRow && endNs > times[switchIn])
            {
                var (waitNs, wakerKey, wakerTid) = waitEndedBy(switchIn);
                cpus[cpu].Add(times[switchIn], endNs - times[switchIn], key, tid, waitNs, wakerKey, wakerTid);
            }
        }
    }

    /// <summary>The wait for a CPU a switch in ended and who woke the task, when known.</summary>
    private static (long WaitNs, int WakerKey, int WakerTid) WaitEndedBy(Run run, TaskWaits waits, int[] waitOfSwitchIn, (int Key, int Tid)[] wakers, int switchIn) =>
        WaitAndWaker(switchIn == NoRow ? NoRow : waitOfSwitchIn[switchIn - run.EventStart], waits.Delays, waits.WakeupRows, wakers, run.WakeupStart);

    /// <summary>A wait (a row of the waits, or <see cref="NoRow"/>) and who woke the task, when known.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (long WaitNs, int WakerKey, int WakerTid) WaitAndWaker(int wait, ReadOnlySpan<long> delays, ReadOnlySpan<int> wakeupRows, (int Key, int Tid)[] wakers, int wakeupStart)
    {
        if (wait == NoRow)
        {
            return (CpuIntervals.NoWait, TaskKeys.None, IdleTid);
        }

        var wakeup = wakeupRows[wait];
        var (wakerKey, wakerTid) = wakeup >= wakeupStart ? wakers[wakeup - wakeupStart] : (TaskKeys.None, IdleTid);
        return (delays[wait], wakerKey, wakerTid);
    }

    /// <summary>For each event row of the window, the wait its switch in ended, or <see cref="NoRow"/>.</summary>
    private static int[] WaitOfSwitchIn(Run run, TaskWaits waits)
    {
        var waitOfSwitchIn = new int[run.EventEnd - run.EventStart];
        Array.Fill(waitOfSwitchIn, NoRow);
        var switchRows = waits.SwitchRows;
        for (var i = 0; i < switchRows.Length; i++)
        {
            waitOfSwitchIn[switchRows[i] - run.EventStart] = i;
        }

        return waitOfSwitchIn;
    }
}
