using Perfwhiz.Analyses;
using Perfwhiz.Captures.Table;
using Perfwhiz.Reports;

namespace Perfwhiz.Exports.Perfetto;

/// <summary>
/// The rows of a run's window as trace events, events and wakeups merged in time order. The thread
/// running on each CPU is followed from the switches so that a wakeup names its waker as ftrace
/// would; a kvm_exit becomes a slice when its thread's kvm_entry comes.
/// </summary>
internal sealed class PerfettoEvents(ExportSelection selection, SchedBundles sched, TrackPackets tracks)
{
    private readonly Capture capture = selection.Run.Capture;
    private readonly long origin = selection.Run.Capture.Info.FirstEventPerfClockNs;
    private readonly Dictionary<int, int> runningOnCpu = [];
    private readonly Dictionary<int, (long TimeNs, uint Reason)> pendingExits = [];
    private readonly Dictionary<uint, string> reasonNames = [];

    public long Switches { get; private set; }

    public long Wakeups { get; private set; }

    public long KvmExits { get; private set; }

    public void WriteAll(CancellationToken cancellation)
    {
        var run = selection.Run;
        var eventTimes = capture.Events.TimeNs;
        var wakeupTimes = capture.Wakeups.TimeNs;
        int row = run.EventStart, wakeup = run.WakeupStart;
        while (row < run.EventEnd || wakeup < run.WakeupEnd)
        {
            if ((row + wakeup) % 65536 == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            if (wakeup < run.WakeupEnd && (row >= run.EventEnd || wakeupTimes[wakeup] < eventTimes[row]))
            {
                Wakeup(wakeup++);
            }
            else
            {
                Event(row++);
            }
        }
    }

    private void Wakeup(int row)
    {
        var wakeups = capture.Wakeups;
        if (selection.Includes(selection.Run.Keys.OfWakeup[row]))
        {
            var cpu = wakeups.Cpu[row];
            sched.Wakeup(wakeups.Kind[row], cpu, origin + wakeups.TimeNs[row], runningOnCpu.GetValueOrDefault(cpu), wakeups.Pid[row], PerfettoTrace.NameOf(capture, wakeups.Task[row]), wakeups.TargetCpu[row]);
            Wakeups++;
        }
    }

    private void Event(int row)
    {
        var (events, keys) = (capture.Events, selection.Run.Keys);
        var pid = events.Pid[row];
        switch (events.Kind[row])
        {
            case EventKind.Switch:
                runningOnCpu[events.Cpu[row]] = events.NextPid[row];
                if (selection.Includes(keys.OfRow[row]) || selection.Includes(keys.OfNext[row]))
                {
                    long? prevState = events.HasPrevState ? events.PrevState[row] : null;
                    sched.Switch(events.Cpu[row], origin + events.TimeNs[row], pid, PerfettoTrace.NameOf(capture, events.Task[row]), prevState, events.NextPid[row], PerfettoTrace.NameOf(capture, events.NextTask[row]));
                    Switches++;
                }

                break;
            case EventKind.KvmExit when selection.Includes(keys.OfRow[row]):
                pendingExits[pid] = (events.TimeNs[row], events.ExitReason[row]);
                break;
            case EventKind.KvmEntry when pendingExits.Remove(pid, out var exit):
                tracks.Slice(pid, origin + exit.TimeNs, origin + events.TimeNs[row], ReasonName(exit.Reason));
                KvmExits++;
                break;
        }
    }

    private string ReasonName(uint code)
    {
        if (!reasonNames.TryGetValue(code, out var name))
        {
            reasonNames[code] = name = ExitReasonNames.Of(code, [capture.Info]);
        }

        return name;
    }
}
