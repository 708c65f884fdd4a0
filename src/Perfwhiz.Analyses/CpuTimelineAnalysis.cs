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
        CpuIntervals Intervals(int cpu)
        {
            while (cpus.Count <= cpu)
            {
                cpus.Add(new CpuIntervals(cpus.Count));
                running.Add((TaskKeys.None, IdleTid, NoRow));
            }

            return cpus[cpu];
        }

        Intervals(Math.Max(run.Capture.Info.CpuCount ?? 0, 1) - 1);
        var wakers = new (int Key, int Tid)[run.WakeupEnd - run.WakeupStart];
        var w = run.WakeupStart;
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            if (events.Kind[row] != EventKind.Switch || events.Cpu[row] < 0)
            {
                continue;
            }

            var time = events.TimeNs[row];
            for (; w < run.WakeupEnd && wakeups.TimeNs[w] <= time; w++)
            {
                wakers[w - run.WakeupStart] = (uint)wakeups.Cpu[w] < (uint)running.Count ? (running[wakeups.Cpu[w]].Key, running[wakeups.Cpu[w]].Tid) : (TaskKeys.None, IdleTid);
            }

            var cpu = events.Cpu[row];
            var intervals = Intervals(cpu);
            var pid = events.Pid[row];
            if (pid != IdleTid && events.DurationNs[row] > 0)
            {
                var switchIn = running[cpu].Tid == pid ? running[cpu].SwitchInRow : NoRow;
                Add(intervals, time - events.DurationNs[row], events.DurationNs[row], run.Keys.OfRow[row], pid, switchIn);
            }

            running[cpu] = (run.Keys.OfNext[row], events.NextPid[row], row);
        }

        EndStillRunning(run, cpus, running, switchIn => WaitEndedBy(run, waits, waitOfSwitchIn, wakers, switchIn));
        return cpus;

        void Add(CpuIntervals intervals, long startNs, long durationNs, int key, int tid, int switchIn)
        {
            var (waitNs, wakerKey, wakerTid) = WaitEndedBy(run, waits, waitOfSwitchIn, wakers, switchIn);
            intervals.Add(startNs, durationNs, key, tid, waitNs, wakerKey, wakerTid);
        }
    }

    /// <summary>A task still running when the window ends has no switch out: its interval ends there.</summary>
    private static void EndStillRunning(Run run, List<CpuIntervals> cpus, List<(int Key, int Tid, int SwitchInRow)> running, Func<int, (long WaitNs, int WakerKey, int WakerTid)> waitEndedBy)
    {
        var times = run.Capture.Events.TimeNs;
        var endNs = Math.Min(run.Window.ToNs, run.EventEnd > run.EventStart ? times[run.EventEnd - 1] : run.Window.ToNs);
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
    private static (long WaitNs, int WakerKey, int WakerTid) WaitEndedBy(Run run, TaskWaits waits, int[] waitOfSwitchIn, (int Key, int Tid)[] wakers, int switchIn)
    {
        if (switchIn == NoRow || waitOfSwitchIn[switchIn - run.EventStart] is not (var wait and not NoRow))
        {
            return (CpuIntervals.NoWait, TaskKeys.None, IdleTid);
        }

        var wakeup = waits.WakeupRows[wait];
        var (wakerKey, wakerTid) = wakeup >= run.WakeupStart ? wakers[wakeup - run.WakeupStart] : (TaskKeys.None, IdleTid);
        return (waits.Delays[wait], wakerKey, wakerTid);
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
