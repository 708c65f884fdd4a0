using System.Runtime.InteropServices;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Analyses;
using Perfwhiz.Captures.Table;
using Perfwhiz.Reports;

namespace Perfwhiz.Exports.Parquet;

/// <summary>
/// The tables of one run, column by column (names, types and units: README "Parquet tables").
/// Times are ns since the capture's first event; tasks are named as <c>--json</c> names them.
/// </summary>
internal static class ParquetTables
{
    public static ParquetTable Switches(ExportSelection selection)
    {
        var (run, events, keys) = (selection.Run, selection.Run.Capture.Events, selection.Run.Keys);
        var rows = RowsWhere(run, row => events.Kind[row] == EventKind.Switch && (selection.Includes(keys.OfRow[row]) || selection.Includes(keys.OfNext[row])));
        return new ParquetTable(rows.Length)
            .String("run", Repeat(run.ShortName, rows.Length))
            .Int64("time_ns", Column(rows, row => events.TimeNs[row]))
            .Int32("cpu", Column(rows, row => events.Cpu[row]))
            .Int32("pid", Column(rows, row => events.Pid[row]))
            .String("task", Column(rows, row => keys.Name(keys.OfRow[row])))
            .Int64("run_time_ns", Column(rows, row => events.DurationNs[row]))
            .Int64("prev_state", Column(rows, row => events.HasPrevState ? events.PrevState[row] : (long?)null))
            .Int32("next_pid", Column(rows, row => events.NextPid[row]))
            .String("next_task", Column(rows, row => NameOf(keys, keys.OfNext[row])));
    }

    public static ParquetTable Wakeups(ExportSelection selection)
    {
        var (run, wakeups, keys) = (selection.Run, selection.Run.Capture.Wakeups, selection.Run.Keys);
        var rows = Enumerable.Range(run.WakeupStart, run.WakeupEnd - run.WakeupStart).Where(row => selection.Includes(keys.OfWakeup[row])).ToArray();
        return new ParquetTable(rows.Length)
            .String("run", Repeat(run.ShortName, rows.Length))
            .Int64("time_ns", Column(rows, row => wakeups.TimeNs[row]))
            .Int32("cpu", Column(rows, row => wakeups.Cpu[row]))
            .String("event", Column(rows, row => TracepointOf(wakeups.Kind[row])))
            .Int32("pid", Column(rows, row => wakeups.Pid[row]))
            .String("task", Column(rows, row => keys.Name(keys.OfWakeup[row])))
            .Int32("target_cpu", Column(rows, row => wakeups.TargetCpu[row]));
    }

    /// <summary>One row per kvm_exit, with the time its vCPU thread took to enter the guest again.</summary>
    public static ParquetTable KvmExits(ExportSelection selection)
    {
        var (run, events, keys) = (selection.Run, selection.Run.Capture.Events, selection.Run.Keys);
        var rows = RowsWhere(run, row => events.Kind[row] == EventKind.KvmExit && selection.Includes(keys.OfRow[row]));
        var handling = new long?[rows.Length];
        var pending = new Dictionary<int, int>();
        var next = 0;
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            if (next < rows.Length && rows[next] == row)
            {
                pending[events.Pid[row]] = next++;
            }
            else if (events.Kind[row] == EventKind.KvmEntry && pending.Remove(events.Pid[row], out var exit))
            {
                handling[exit] = events.TimeNs[row] - events.TimeNs[rows[exit]];
            }
        }

        var reasonNames = new Dictionary<uint, string>();
        return new ParquetTable(rows.Length)
            .String("run", Repeat(run.ShortName, rows.Length))
            .Int64("time_ns", Column(rows, row => events.TimeNs[row]))
            .Int32("cpu", Column(rows, row => events.Cpu[row]))
            .Int32("pid", Column(rows, row => events.Pid[row]))
            .String("task", Column(rows, row => keys.Name(keys.OfRow[row])))
            .String("vm", Column(rows, row => VmThreads.VmOf(keys.Name(keys.OfRow[row]))), nullable: true)
            .Int64("reason_code", Column(rows, row => (long)events.ExitReason[row]))
            .String("reason", Column(rows, row => ReasonName(run, reasonNames, events.ExitReason[row])))
            .Int64("guest_ns", Column(rows, row => events.DurationNs[row]))
            .Int64("handling_ns", handling);
    }

    /// <summary>One row per thread and task name in the window, with its row counts.</summary>
    public static ParquetTable Tasks(ExportSelection selection)
    {
        var (run, events, keys) = (selection.Run, selection.Run.Capture.Events, selection.Run.Keys);
        // Counted by task key, named and sorted once at the end: a sorted map by name cost 10% of
        // the whole export in string comparisons, one per row.
        var rowCounts = new Dictionary<(int Key, int Pid), long>();
        for (var row = run.EventStart; row < run.EventEnd; row++)
        {
            if (selection.Includes(keys.OfRow[row]))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(rowCounts, (keys.OfRow[row], events.Pid[row]), out _)++;
            }
        }

        var named = new Dictionary<(string Task, int Pid), long>();
        foreach (var ((key, pid), count) in rowCounts)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(named, (keys.Name(key), pid), out _) += count;
        }

        var tasks = named.OrderBy(task => task.Key).ToArray();
        return new ParquetTable(tasks.Length)
            .String("run", Repeat(run.ShortName, tasks.Length))
            .String("task", [.. tasks.Select(task => task.Key.Task)])
            .Int32("pid", [.. tasks.Select(task => task.Key.Pid)])
            .String("vm", [.. tasks.Select(task => VmThreads.VmOf(task.Key.Task))], nullable: true)
            .Int64("events", [.. tasks.Select(task => task.Value)]);
    }

    public static ParquetTable Runs(IReadOnlyList<ExportSelection> selections)
    {
        var runs = selections.Select(selection => selection.Run).ToArray();
        var infos = runs.Select(run => run.Capture.Info).ToArray();
        return new ParquetTable(runs.Length)
            .String("run", [.. runs.Select(run => run.ShortName)])
            .String("file", [.. runs.Select(run => run.File)])
            .String("host", [.. infos.Select(info => info.Host)], nullable: true)
            .String("kernel", [.. infos.Select(info => info.Kernel)], nullable: true)
            .String("perf_version", [.. infos.Select(info => info.PerfVersion)], nullable: true)
            .Int32("cpu_count", [.. infos.Select(info => info.CpuCount)])
            .Int64("duration_ns", [.. infos.Select(info => info.DurationNs)])
            .Int64("first_event_clock_ns", [.. infos.Select(info => info.FirstEventPerfClockNs)])
            .Int64("window_from_ns", [.. runs.Select(run => run.Window.FromNs)])
            .Int64("window_to_ns", [.. runs.Select(run => run.Window.ToNs)])
            .Int64("lost_events", [.. infos.Select(info => info.LostEvents)])
            .String("annotation_source", [.. infos.Select(info => info.AnnotationSource)], nullable: true);
    }

    private static string NameOf(TaskKeys keys, int key) => key == TaskKeys.None ? TaskKeys.UnnamedTask : keys.Name(key);

    private static string TracepointOf(WakeupKind kind) => kind switch
    {
        WakeupKind.Waking => "sched_waking",
        WakeupKind.WakeupNew => "sched_wakeup_new",
        _ => "sched_wakeup",
    };

    private static string ReasonName(Run run, Dictionary<uint, string> names, uint code)
    {
        if (!names.TryGetValue(code, out var name))
        {
            names[code] = name = ExitReasonNames.Of(code, [run.Capture.Info]);
        }

        return name;
    }

    private static int[] RowsWhere(Run run, Func<int, bool> keep) =>
        [.. Enumerable.Range(run.EventStart, run.EventEnd - run.EventStart).Where(keep)];

    private static T[] Column<T>(int[] rows, Func<int, T> value)
    {
        var column = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            column[i] = value(rows[i]);
        }

        return column;
    }

    private static string[] Repeat(string value, int count)
    {
        var column = new string[count];
        Array.Fill(column, value);
        return column;
    }
}
