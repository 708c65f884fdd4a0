using System.Runtime.CompilerServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Reads one cell of a cdict column, with the row and column named in any error. The checks are
/// inlined into the column loops; building an error message is kept out of line.
/// </summary>
internal static class CdictValues
{
    // Beyond ±9.2e18 ns a double no longer converts to a long.
    internal const double MaxAbsNs = 9.2e18;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadInt32(ref MessagePackReader reader, string column, int row)
    {
        var start = reader.Position;
        if (reader.TryReadInt64(out var value) && value == (int)value)
        {
            return (int)value;
        }

        throw NotInt32(reader, start, value, column, row);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ReadInt64(ref MessagePackReader reader, string column, int row)
    {
        if (!reader.TryReadInt64(out var value))
        {
            throw NotInteger(reader, column, row);
        }

        return value;
    }

    /// <summary>
    /// Reads microseconds as nanoseconds: the original wrote integer µs, perfwhiz writes float64 µs
    /// so that nanoseconds survive the trip.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ReadMicrosecondsAsNs(ref MessagePackReader reader, string column, int row)
    {
        var start = reader.Position;
        if (reader.TryReadDouble(out var micros))
        {
            var ns = micros * 1000;
            if (!(Math.Abs(ns) < MaxAbsNs))
            {
                throw NotATime(reader, start, micros, column, row);
            }

            return (long)HalfToEven.Round(ns);
        }

        if (reader.TryReadInt64(out var wholeMicros) && wholeMicros is >= long.MinValue / 1000 and <= long.MaxValue / 1000)
        {
            return wholeMicros * 1000;
        }

        throw NotATime(reader, start, wholeMicros, column, row);
    }

    /// <summary>Reads a task name (str or bin) into its interned index; nil is <see cref="EventTable.NoTask"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadTask(ref MessagePackReader reader, TaskNames interner, string column, int row)
    {
        if (reader.TryReadStringBytes(out var name))
        {
            return interner.InternUtf8(name);
        }

        if (!reader.TryReadNil())
        {
            throw NotATask(reader, column, row);
        }

        return EventTable.NoTask;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CdictFormatException NotInt32(MessagePackReader reader, int start, long value, string column, int row) =>
        reader.Position == start
            ? reader.UnexpectedValue($"an integer in row {row} of column '{column}'")
            : reader.Invalid($"{column} {value} in row {row} does not fit in 32 bits", start);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CdictFormatException NotInteger(MessagePackReader reader, string column, int row) =>
        reader.UnexpectedValue($"an integer in row {row} of column '{column}'");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CdictFormatException NotATask(MessagePackReader reader, string column, int row) =>
        reader.UnexpectedValue($"a task name in row {row} of column '{column}'");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CdictFormatException NotATime(MessagePackReader reader, int start, double micros, string column, int row) =>
        reader.Position == start
            ? reader.UnexpectedValue($"a number of microseconds in row {row} of column '{column}'")
            : reader.Invalid($"{column} {micros} µs in row {row} is out of range", start);
}
