using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Exports.Perfetto;

/// <summary>
/// A capture as a Perfetto trace (<c>perfmap --export-perfetto</c>): the Trace message of
/// google/perfetto's protos/perfetto/trace/trace.proto, written as a stream of packets. Scheduling
/// comes as ftrace sched_switch events in per-CPU bundles (Perfetto draws a track per CPU from them),
/// wakeups as the tracepoint that recorded them, VMs as processes holding their threads, and KVM
/// exits as slices (exit → entry, named by reason) on the vCPU threads' tracks. Timestamps are the
/// capture's perf clock, in ns.
/// </summary>
public static class PerfettoTrace
{
    private const int SchedSequence = 1;
    private const int TrackSequence = 2;

    public static PerfettoCounts WriteFile(string path, ExportSelection selection, CancellationToken cancellation)
    {
        PerfettoCounts? counts = null;
        AtomicFile.Write(path, stream => counts = Write(stream, selection, cancellation));
        return counts!;
    }

    public static PerfettoCounts Write(Stream output, ExportSelection selection, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(selection);
        var run = selection.Run;
        var capture = run.Capture;
        var origin = capture.Info.FirstEventPerfClockNs;
        var start = origin + run.Window.FromNs;
        var threads = ThreadsOf(selection);
        var vms = VmThreads.Of(capture, threads.LastName);
        var tracks = new TrackPackets(output, TrackSequence);
        tracks.SystemInfo(start, capture.Info.Kernel, capture.Info.Arch);
        tracks.ProcessTree(start, vms);
        foreach (var tid in threads.WithKvmExits.Order())
        {
            var pid = vms.VmOfThread.TryGetValue(tid, out var vm) ? vm.Pid : tid;
            tracks.ThreadTrack(start, pid, tid, NameOf(capture, threads.LastName[tid]));
        }

        tracks.Flush(); // the processes and tracks ahead of the events, as Perfetto writes them
        var sched = new SchedBundles(output, SchedSequence);
        var events = new PerfettoEvents(selection, sched, tracks);
        events.WriteAll(cancellation);
        sched.Complete();
        tracks.Flush();
        return new PerfettoCounts(events.Switches, events.Wakeups, events.KvmExits, vms.Vms.Count, vms.Vms.Sum(vm => vm.Threads.Count));
    }

    // The name each selected thread last had in the exported rows, and the threads that have KVM exits.
    private static (Dictionary<int, int> LastName, HashSet<int> WithKvmExits) ThreadsOf(ExportSelection selection)
    {
        var run = selection.Run;
        var events = run.Capture.Events;
        var wakeups = run.Capture.Wakeups;
        var lastName = new Dictionary<int, int>();
        var withKvmExits = new HashSet<int>();
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            if (selection.Includes(run.Keys.OfRow[row]))
            {
                lastName[events.Pid[row]] = events.Task[row];
                if (events.Kind[row] == EventKind.KvmExit)
                {
                    withKvmExits.Add(events.Pid[row]);
                }
            }

            if (events.Kind[row] == EventKind.Switch && selection.Includes(run.Keys.OfNext[row]))
            {
                lastName[events.NextPid[row]] = events.NextTask[row];
            }
        }

        for (var row = run.WakeupStart; row < run.WakeupEnd; row++)
        {
            if (selection.Includes(run.Keys.OfWakeup[row]))
            {
                lastName.TryAdd(wakeups.Pid[row], wakeups.Task[row]);
            }
        }

        return (lastName, withKvmExits);
    }

    internal static string NameOf(Capture capture, int name) => name >= 0 ? capture.Names[name] : TaskKeys.UnnamedTask;
}
