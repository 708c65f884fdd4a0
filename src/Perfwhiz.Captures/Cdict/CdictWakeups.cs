using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>The wakeup table as a map of equal-length columns inside the cdict's extension stream.</summary>
internal static class CdictWakeups
{
    private const string Kind = "kind";
    private const string TimeNs = "time_ns";
    private const string Cpu = "cpu";
    private const string Pid = "pid";
    private const string TaskName = "task_name";
    private const string TargetCpu = "target_cpu";

    private static readonly string[] Columns = [Kind, TimeNs, Cpu, Pid, TaskName, TargetCpu];

    // Indexed by WakeupKind; kinds travel as the kernel's tracepoint names so a reordered enum cannot change their meaning.
    internal static readonly string[] KindNames = ["sched_waking", "sched_wakeup", "sched_wakeup_new"];
    private static readonly byte[][] KindNamesUtf8 = [.. KindNames.Select(Encoding.UTF8.GetBytes)];

    /// <summary>Adds the wakeups map to <paramref name="segments"/>, its columns cut in runs of rows, those of <paramref name="early"/> deflated already.</summary>
    public static void AddTo(CdictSegments segments, WakeupTable table, TaskNames names, EarlyColumns? early)
    {
        var rows = table.Count;
        segments.Add(writer => writer.WriteMapHeader(Columns.Length));
        void AddNameFree(string key, EarlyColumn column) =>
            segments.AddColumn(key, rows, NameFreeColumns.Wakeup(column, table, origin: 0), EarlyColumns.Of(early, column), NameFreeColumns.CodingOf(column));

        AddNameFree(Kind, EarlyColumn.WakeupKind);
        AddNameFree(TimeNs, EarlyColumn.WakeupTime);
        AddNameFree(Cpu, EarlyColumn.WakeupCpu);
        AddNameFree(Pid, EarlyColumn.WakeupPid);
        var tasks = EncodedValues.OfTasks(names);
        segments.AddColumn(TaskName, rows, (writer, from, to) => writer.WriteEncoded(table.Task.AsSpan(from, to - from), tasks));
        AddNameFree(TargetCpu, EarlyColumn.WakeupTargetCpu);
    }

    /// <param name="compressedBytes">The extension stream's size in the file, which bounds the first allocation (see <see cref="RowCapacity"/>).</param>
    /// <param name="keepCpus">Whether the table keeps the CPU columns; they are read and checked either way.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static WakeupTable Read(ref MessagePackReader reader, int compressedBytes, TaskNames interner, bool keepCpus)
    {
        var table = new WakeupTable(keepCpus);
        UnkeptCpus? unkeptCpus = keepCpus ? null : new(Cpu);
        UnkeptCpus? unkeptTargetCpus = keepCpus ? null : new(TargetCpu);
        var map = new CdictColumnMap(Columns, "the wakeups map");
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
                ReadColumn(ref reader, table, Columns[column], from, to, interner, unkeptCpus, unkeptTargetCpus);
                from = to;
            }
        }

        table.SetCount(map.Finish(reader));
        CdictLimits.CheckWakeups(table, unkeptCpus, unkeptTargetCpus, reader.Source);
        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadColumn(ref MessagePackReader reader, WakeupTable table, string column, int from, int to, TaskNames interner, UnkeptCpus? unkeptCpus, UnkeptCpus? unkeptTargetCpus)
    {
        switch (column)
        {
            case Cpu when unkeptCpus is not null:
                unkeptCpus.Read(ref reader, from, to);
                break;
            case TargetCpu when unkeptTargetCpus is not null:
                unkeptTargetCpus.Read(ref reader, from, to);
                break;
            case Kind:
                for (var row = from; row < to; row++)
                {
                    row += KindRun(ref reader, table.Kind.AsSpan(row, to - row));
                    if (row < to)
                    {
                        table.Kind[row] = ReadKind(ref reader, row);
                    }
                }

                break;
            case TimeNs:
                ColumnRuns.ReadInt64s(ref reader, table.TimeNs, column, from, to);
                break;
            case TaskName:
                ColumnRuns.ReadTasks(ref reader, table.Task, interner, column, from, to);
                break;
            default:
                var values = column switch
                {
                    Cpu => table.Cpu,
                    Pid => table.Pid,
                    _ => table.TargetCpu,
                };
                ColumnRuns.ReadInt32s(ref reader, values, column, from, to);
                break;
        }
    }

    /// <summary>
    /// A run of kinds as fixstr (see <see cref="ColumnRuns"/>), each compared as two words: the
    /// names are 12 and 16 bytes long, and two overlapping words hold the whole of either.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int KindRun(ref MessagePackReader reader, Span<WakeupKind> kinds)
    {
        var bytes = reader.Arrived;
        var prefix = BinaryPrimitives.ReadUInt64LittleEndian("sched_wa"u8);
        var at = 0;
        var count = 0;
        while (count < kinds.Length && bytes.Length - at >= 17)
        {
            var head = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(at + 1)..]);
            var code = bytes[at];
            if (code == 0xa0 + 12 && head == prefix)
            {
                var tail = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(at + 5)..]);
                if (tail == BinaryPrimitives.ReadUInt64LittleEndian("d_waking"u8))
                {
                    kinds[count++] = WakeupKind.Waking;
                }
                else if (tail == BinaryPrimitives.ReadUInt64LittleEndian("d_wakeup"u8))
                {
                    kinds[count++] = WakeupKind.Wakeup;
                }
                else
                {
                    break;
                }

                at += 13;
            }
            else if (code == 0xa0 + 16 && head == prefix && BinaryPrimitives.ReadUInt64LittleEndian(bytes[(at + 9)..]) == BinaryPrimitives.ReadUInt64LittleEndian("keup_new"u8))
            {
                kinds[count++] = WakeupKind.WakeupNew;
                at += 17;
            }
            else
            {
                break;
            }
        }

        reader.Consume(at);
        return count;
    }

    private static WakeupKind ReadKind(ref MessagePackReader reader, int row)
    {
        var start = reader.Position;
        if (!reader.TryReadStringBytes(out var name))
        {
            throw reader.UnexpectedValue($"a wakeup kind in row {row} of column '{Kind}'");
        }

        // The names differ in length or last byte: a row compares its bytes with one name only.
        for (var kind = 0; kind < KindNamesUtf8.Length; kind++)
        {
            var known = KindNamesUtf8[kind];
            if (name.Length == known.Length && name[^1] == known[^1] && name.SequenceEqual(known))
            {
                return (WakeupKind)kind;
            }
        }

        throw reader.Invalid($"unknown wakeup kind in row {row} (expected one of {string.Join(", ", KindNames)})", start);
    }
}
