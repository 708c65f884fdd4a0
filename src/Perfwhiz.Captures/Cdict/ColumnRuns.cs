using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Decodes runs of a column's common values (the encodings perfwhiz writes) from the bytes that
/// have arrived, in a loop over a local span, and stops at the first value it does not take: an
/// uncommon encoding, a value out of range, or one whose bytes have not all arrived. The caller
/// then reads that one value the general way (<see cref="CdictValues"/>), which waits for bytes,
/// takes every encoding and names the row in any error, and goes on with the next run. A value is
/// thus decoded to the same result either way.
/// </summary>
internal static class ColumnRuns
{
    /// <summary>Rows <paramref name="from"/> to <paramref name="to"/> (exclusive) of a column of 32-bit integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReadInt32s(ref MessagePackReader reader, int[] values, string column, int from, int to) =>
        ReadInt32s(ref reader, values.AsSpan(from, to - from), column, from);

    /// <summary>As many rows of a column of 32-bit integers as <paramref name="values"/> holds, from row <paramref name="firstRow"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReadInt32s(ref MessagePackReader reader, Span<int> values, string column, int firstRow)
    {
        for (var i = 0; i < values.Length; i++)
        {
            i += Int32s(ref reader, values[i..]);
            if (i < values.Length)
            {
                values[i] = CdictValues.ReadInt32(ref reader, column, firstRow + i);
            }
        }
    }

    /// <summary>Rows <paramref name="from"/> to <paramref name="to"/> (exclusive) of a column of 64-bit integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReadInt64s(ref MessagePackReader reader, long[] values, string column, int from, int to)
    {
        for (var row = from; row < to; row++)
        {
            row += Int64s(ref reader, values.AsSpan(row, to - row));
            if (row < to)
            {
                values[row] = CdictValues.ReadInt64(ref reader, column, row);
            }
        }
    }

    /// <summary>Rows <paramref name="from"/> to <paramref name="to"/> (exclusive) of a column of microseconds, as nanoseconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReadMicrosecondsAsNs(ref MessagePackReader reader, long[] valuesNs, string column, int from, int to)
    {
        for (var row = from; row < to; row++)
        {
            row += MicrosecondsAsNs(ref reader, valuesNs.AsSpan(row, to - row));
            if (row < to)
            {
                valuesNs[row] = CdictValues.ReadMicrosecondsAsNs(ref reader, column, row);
            }
        }
    }

    /// <summary>Rows <paramref name="from"/> to <paramref name="to"/> (exclusive) of a column of task names, interned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReadTasks(ref MessagePackReader reader, int[] tasks, TaskNames interner, string column, int from, int to)
    {
        for (var row = from; row < to; row++)
        {
            row += Tasks(ref reader, tasks.AsSpan(row, to - row), interner);
            if (row < to)
            {
                tasks[row] = CdictValues.ReadTask(ref reader, interner, column, row);
            }
        }
    }

    /// <summary>A run of integers that fit in 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Int32s(ref MessagePackReader reader, Span<int> values)
    {
        var bytes = reader.Arrived;
        var at = 0;
        var count = 0;
        while (count < values.Length && at < bytes.Length)
        {
            var code = bytes[at];
            if (code <= 0x7f || code >= 0xe0)
            {
                values[count++] = (sbyte)code;
                at++;
            }
            else if (code == 0xcd && bytes.Length - at >= 3)
            {
                values[count++] = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(at + 1, 2));
                at += 3;
            }
            else if (code == 0xce && bytes.Length - at >= 5 && BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(at + 1, 4)) <= int.MaxValue)
            {
                values[count++] = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(at + 1, 4));
                at += 5;
            }
            else if (code == 0xcc && bytes.Length - at >= 2)
            {
                values[count++] = bytes[at + 1];
                at += 2;
            }
            else
            {
                break;
            }
        }

        reader.Consume(at);
        return count;
    }

    /// <summary>A run of integers that fit in 64 bits (times in ns).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Int64s(ref MessagePackReader reader, Span<long> values)
    {
        var bytes = reader.Arrived;
        var at = 0;
        var count = 0;
        while (count < values.Length && at < bytes.Length)
        {
            var code = bytes[at];
            if (code == 0xcf && bytes.Length - at >= 9 && BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(at + 1, 8)) <= long.MaxValue)
            {
                values[count++] = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(at + 1, 8));
                at += 9;
            }
            else if (code == 0xce && bytes.Length - at >= 5)
            {
                values[count++] = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(at + 1, 4));
                at += 5;
            }
            else if (code <= 0x7f)
            {
                values[count++] = code;
                at++;
            }
            else if (code == 0xcd && bytes.Length - at >= 3)
            {
                values[count++] = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(at + 1, 2));
                at += 3;
            }
            else
            {
                break;
            }
        }

        reader.Consume(at);
        return count;
    }

    /// <summary>A run of float64 microseconds as nanoseconds, as <see cref="CdictValues.ReadMicrosecondsAsNs"/> converts them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MicrosecondsAsNs(ref MessagePackReader reader, Span<long> valuesNs)
    {
        var bytes = reader.Arrived;
        var at = 0;
        var count = 0;
        while (count < valuesNs.Length && bytes.Length - at >= 9 && bytes[at] == 0xcb)
        {
            var ns = BinaryPrimitives.ReadDoubleBigEndian(bytes.Slice(at + 1, 8)) * 1000;
            if (!(Math.Abs(ns) < CdictValues.MaxAbsNs))
            {
                break;
            }

            valuesNs[count++] = (long)HalfToEven.Round(ns);
            at += 9;
        }

        reader.Consume(at);
        return count;
    }

    /// <summary>A run of task names as fixstr, interned, and nil as <see cref="EventTable.NoTask"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Tasks(ref MessagePackReader reader, Span<int> tasks, TaskNames interner)
    {
        var bytes = reader.Arrived;
        var at = 0;
        var count = 0;
        // The previous name, which the next row often repeats: then neither hashed nor looked up.
        ReadOnlySpan<byte> previous = default;
        var previousTask = EventTable.NoTask;
        while (count < tasks.Length && at < bytes.Length)
        {
            var code = bytes[at];
            if ((code & 0xe0) == 0xa0 && bytes.Length - at > (code & 0x1f))
            {
                var name = bytes.Slice(at + 1, code & 0x1f);
                if (previousTask == EventTable.NoTask || !SameName(name, previous))
                {
                    previousTask = interner.InternUtf8(name);
                    previous = name;
                }

                tasks[count++] = previousTask;
                at += 1 + (code & 0x1f);
            }
            else if (code == 0xc0)
            {
                tasks[count++] = EventTable.NoTask;
                at++;
            }
            else
            {
                break;
            }
        }

        reader.Consume(at);
        return count;
    }

    /// <summary>A run of event names as fixstr, decoded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int EventKinds(ref MessagePackReader reader, Span<EventKind> kinds, Utf8EventKindDecoder decoder)
    {
        var bytes = reader.Arrived;
        var at = 0;
        var count = 0;
        while (count < kinds.Length && at < bytes.Length)
        {
            var code = bytes[at];
            if ((code & 0xe0) != 0xa0 || bytes.Length - at <= (code & 0x1f))
            {
                break;
            }

            kinds[count++] = decoder.Decode(bytes.Slice(at + 1, code & 0x1f));
            at += 1 + (code & 0x1f);
        }

        reader.Consume(at);
        return count;
    }

    /// <summary>Equal names; kernel comms (8 to 16 bytes) as two overlapping words rather than a call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SameName(ReadOnlySpan<byte> name, ReadOnlySpan<byte> other) =>
        name.Length == other.Length && (name.Length is >= 8 and <= 16
            ? BinaryPrimitives.ReadUInt64LittleEndian(name) == BinaryPrimitives.ReadUInt64LittleEndian(other)
                && BinaryPrimitives.ReadUInt64LittleEndian(name[^8..]) == BinaryPrimitives.ReadUInt64LittleEndian(other[^8..])
            : name.SequenceEqual(other));
}
