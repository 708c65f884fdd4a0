using System.Runtime.CompilerServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// The cdict's first stream: the main table as the original perfwhiz's map of 8 equal-length
/// columns (see <see cref="CdictFile"/> for what each holds).
/// </summary>
internal static class CdictEvents
{
    private const string Event = "event";
    private const string Cpu = "cpu";
    private const string Usecs = "usecs";
    private const string Pid = "pid";
    private const string TaskName = "task_name";
    private const string Duration = "duration";
    private const string NextPid = "next_pid";
    private const string NextComm = "next_comm";

    private static readonly string[] Columns = [Event, Cpu, Usecs, Pid, TaskName, Duration, NextPid, NextComm];

    // Marks, while columns are decoded in whatever order the map holds them, a next_comm that held
    // an integer; the row's kind decides afterwards whether that was allowed.
    private const int IntegerNextComm = -2;

    /// <summary>Adds the event map to <paramref name="segments"/>, its columns cut in runs of rows, those of <paramref name="early"/> deflated already.</summary>
    public static void AddTo(CdictSegments segments, EventTable table, TaskNames names, EarlyColumns? early)
    {
        var rows = table.Count;
        segments.Add(writer => writer.WriteMapHeader(Columns.Length));
        void AddNameFree(string key, EarlyColumn column) =>
            segments.AddColumn(key, rows, NameFreeColumns.Event(column, table, origin: 0), EarlyColumns.Of(early, column), NameFreeColumns.CodingOf(column));

        AddNameFree(Event, EarlyColumn.EventKind);
        AddNameFree(Cpu, EarlyColumn.EventCpu);
        AddNameFree(Usecs, EarlyColumn.EventUsecs);
        AddNameFree(Pid, EarlyColumn.EventPid);
        var tasks = EncodedValues.OfTasks(names);
        segments.AddColumn(TaskName, rows, (writer, from, to) => writer.WriteEncoded(table.Task.AsSpan(from, to - from), tasks));
        AddNameFree(Duration, EarlyColumn.EventDuration);
        AddNameFree(NextPid, EarlyColumn.EventNextPid);
        segments.AddColumn(NextComm, rows, (writer, from, to) => WriteNextComms(writer, table, tasks, from, to));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteNextComms(MessagePackWriter writer, EventTable table, EncodedValues tasks, int from, int to)
    {
        var kinds = table.Kind;
        var nextTasks = table.NextTask;
        var exitReasons = table.ExitReason;
        for (var row = from; row < to;)
        {
            switch (kinds[row])
            {
                case EventKind.Switch:
                    // Most rows are switches: their names a run of them at a time.
                    var others = kinds.AsSpan(row, to - row).IndexOfAnyExcept(EventKind.Switch);
                    var end = others < 0 ? to : row + others;
                    writer.WriteEncoded(nextTasks.AsSpan(row, end - row), tasks);
                    row = end;
                    continue;
                case EventKind.KvmExit:
                    writer.WriteUInt64(exitReasons[row]);
                    break;
                default:
                    writer.WriteNil();
                    break;
            }

            row++;
        }
    }

    /// <summary>
    /// Decodes the map straight into the table's arrays, then commits the rows, skipping those
    /// with an event name perfwhiz does not know (counted in a warning in <paramref name="info"/>).
    /// </summary>
    /// <param name="compressedBytes">The stream's size in the file: the table starts with at most a row per compressed byte and grows only with rows actually decoded, never to what a header merely claims.</param>
    /// <param name="prevStates">prev_state per row, from the extension (null when not recorded); asked for once the rows are decoded, as the extension may still be being read.</param>
    public static EventTable Read(ref MessagePackReader reader, int compressedBytes, TaskNames interner, CaptureInfo info, Func<int[]?> prevStates)
    {
        var table = new EventTable(interner);
        var eventKinds = new Utf8EventKindDecoder();
        var map = new CdictColumnMap(Columns, "the event map");
        var entries = map.ReadHeader(ref reader);
        for (var entry = 0; entry < entries; entry++)
        {
            var column = map.ReadColumnStart(ref reader);
            if (column < 0)
            {
                continue;
            }

            for (var from = 0; from < map.Rows;)
            {
                var to = RowCapacity.Next(from, map.Rows, compressedBytes, table.Kind.Length);
                RowCapacity.Ensure(table.EnsureCapacity, to, reader.Source);
                ReadColumn(ref reader, table, Columns[column], from, to, interner, eventKinds);
                from = to;
            }
        }

        var rows = map.Finish(reader);
        var rowPrevStates = prevStates();
        if (rowPrevStates is not null && rowPrevStates.Length != rows)
        {
            throw new CdictFormatException($"{reader.Source}: the extension holds {rowPrevStates.Length} prev_state values for {rows} rows");
        }

        table.HasPrevState = rowPrevStates is not null;
        var skipped = eventKinds.UnknownNames.Count == 0 && CommitChecked(table, rows, rowPrevStates) ? 0 : Commit(table, rows, rowPrevStates, reader.Source);
        if (skipped > 0)
        {
            info.Warnings.Add($"skipped {skipped} rows with unknown event names ({string.Join(", ", eventKinds.UnknownNames)})");
        }

        return table;
    }

    /// <summary>Decodes rows <paramref name="from"/> to <paramref name="to"/> (exclusive) of one column.</summary>
    private static void ReadColumn(ref MessagePackReader reader, EventTable table, string column, int from, int to, TaskNames interner, Utf8EventKindDecoder eventKinds)
    {
        switch (column)
        {
            case Event:
                ReadEventColumn(ref reader, table.Kind, from, to, eventKinds);
                break;
            case Cpu:
                ColumnRuns.ReadInt32s(ref reader, table.Cpu, column, from, to);
                break;
            case Pid:
                ColumnRuns.ReadInt32s(ref reader, table.Pid, column, from, to);
                break;
            case Usecs:
                ColumnRuns.ReadMicrosecondsAsNs(ref reader, table.TimeNs, column, from, to);
                break;
            case Duration:
                ColumnRuns.ReadMicrosecondsAsNs(ref reader, table.DurationNs, column, from, to);
                break;
            case TaskName:
                ColumnRuns.ReadTasks(ref reader, table.Task, interner, column, from, to);
                break;
            case NextPid:
                ReadNextPidColumn(ref reader, table.NextPid, from, to);
                break;
            default:
                ReadNextComm(ref reader, table, interner, from, to);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadEventColumn(ref MessagePackReader reader, EventKind[] kinds, int from, int to, Utf8EventKindDecoder eventKinds)
    {
        for (var row = from; row < to; row++)
        {
            row += ColumnRuns.EventKinds(ref reader, kinds.AsSpan(row, to - row), eventKinds);
            if (row == to)
            {
                break;
            }

            if (!reader.TryReadStringBytes(out var name))
            {
                throw reader.UnexpectedValue($"an event name in row {row} of column '{Event}'");
            }

            kinds[row] = eventKinds.Decode(name);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadNextPidColumn(ref MessagePackReader reader, int[] nextPids, int from, int to)
    {
        for (var row = from; row < to; row++)
        {
            // Runs of pids, up to the nil of a kvm row.
            row += ColumnRuns.Int32s(ref reader, nextPids.AsSpan(row, to - row));
            if (row < to)
            {
                nextPids[row] = reader.TryReadNil() ? EventTable.NoPid : CdictValues.ReadInt32(ref reader, NextPid, row);
            }
        }
    }

    /// <summary>next_comm is a task name on switch rows, an exit reason on kvm_exit rows, nil elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadNextComm(ref MessagePackReader reader, EventTable table, TaskNames interner, int from, int to)
    {
        var nextTasks = table.NextTask;
        var exitReasons = table.ExitReason;
        for (var row = from; row < to; row++)
        {
            // Runs of task names (switch rows), up to an exit reason or another encoding.
            var tasks = ColumnRuns.Tasks(ref reader, nextTasks.AsSpan(row, to - row), interner);
            exitReasons.AsSpan(row, tasks).Clear();
            row += tasks;
            if (row == to)
            {
                break;
            }

            var start = reader.Position;
            exitReasons[row] = 0;
            if (reader.TryReadInt64(out var reason))
            {
                // SVM exit codes reach 0xFFFFFFFF; the original wrote them unsigned.
                if (reason is < 0 or > uint.MaxValue)
                {
                    throw reader.Invalid($"exit reason {reason} in row {row} does not fit in 32 bits", start);
                }

                exitReasons[row] = (uint)reason;
                nextTasks[row] = IntegerNextComm;
            }
            else
            {
                nextTasks[row] = CdictValues.ReadTask(ref reader, interner, NextComm, row);
            }
        }
    }

    /// <summary>
    /// The common case of <see cref="Commit"/>, column by column: no row of an unknown kind and
    /// every value within the limits. False, with nothing but kvm_exit rows' next_comm already
    /// committed, when a row is not: <see cref="Commit"/> then finds it and names it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool CommitChecked(EventTable table, int rows, int[]? prevStates)
    {
        if (!CdictLimits.AreCpus(table.Cpu.AsSpan(0, rows)) || !CdictLimits.AreTimes(table.TimeNs.AsSpan(0, rows)) || !CdictLimits.AreDurations(table.DurationNs.AsSpan(0, rows)))
        {
            return false;
        }

        var kinds = table.Kind;
        var nextTasks = table.NextTask;
        for (var row = 0; row < rows; row++)
        {
            var nextTask = nextTasks[row];
            if (nextTask == IntegerNextComm)
            {
                if (kinds[row] != EventKind.KvmExit)
                {
                    return false;
                }

                nextTasks[row] = EventTable.NoTask;
            }
            else if (nextTask != EventTable.NoTask && kinds[row] != EventKind.Switch)
            {
                return false;
            }
        }

        if (prevStates is null)
        {
            table.PrevState.AsSpan(0, rows).Clear();
        }
        else
        {
            table.SetPrevStates(prevStates);
        }

        table.SetCount(rows);
        return true;
    }

    /// <summary>
    /// Checks next_comm against each row's kind, and CPUs, times and durations against
    /// <see cref="CdictLimits"/>, and makes the decoded rows the table's rows, dropping those of
    /// unknown kinds (the rows after them move up).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Commit(EventTable table, int rows, int[]? prevStates, string source)
    {
        if (prevStates is null)
        {
            table.PrevState.AsSpan(0, rows).Clear();
        }
        else
        {
            table.SetPrevStates(prevStates);
        }

        var kinds = table.Kind;
        var nextTasks = table.NextTask;
        var kept = 0;
        ulong durationsNs = 0;
        for (var row = 0; row < rows; row++)
        {
            var kind = kinds[row];
            if (kind == Utf8EventKindDecoder.Unknown)
            {
                continue;
            }

            CdictLimits.CheckCpu(table.Cpu[row], source, Cpu, row);
            CdictLimits.CheckTime(table.TimeNs[row], source, Usecs, row);
            CdictLimits.AddDuration(ref durationsNs, table.DurationNs[row], source, row);

            var nextTask = nextTasks[row];
            if (nextTask == IntegerNextComm)
            {
                if (kind != EventKind.KvmExit)
                {
                    throw new CdictFormatException($"{source}: row {row} of column '{NextComm}' holds an integer, which only kvm_exit rows may (this is a {kind.ToCdictName()} row)");
                }

                nextTasks[row] = EventTable.NoTask;
            }
            else if (nextTask != EventTable.NoTask && kind != EventKind.Switch)
            {
                throw new CdictFormatException($"{source}: row {row} of column '{NextComm}' holds a task name, which only sched_switch rows may (this is a {kind.ToCdictName()} row)");
            }

            if (kept != row)
            {
                table.CopyRow(row, kept);
            }

            kept++;
        }

        table.SetCount(kept);
        return rows - kept;
    }
}
