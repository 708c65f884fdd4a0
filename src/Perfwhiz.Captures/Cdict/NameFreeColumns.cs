using System.Runtime.InteropServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// How the <see cref="EarlyColumn"/>s are encoded, row by row: the same writers serve the
/// deflate while a capture is converted and the one when it is written.
/// </summary>
internal static class NameFreeColumns
{
    /// <summary>The event table's early columns, in the order their runs are deflated.</summary>
    public static readonly EarlyColumn[] OfEvents =
        [EarlyColumn.EventKind, EarlyColumn.EventCpu, EarlyColumn.EventUsecs, EarlyColumn.EventPid, EarlyColumn.EventDuration, EarlyColumn.EventNextPid, EarlyColumn.EventPrevState];

    /// <summary>The wakeup table's early columns.</summary>
    public static readonly EarlyColumn[] OfWakeups =
        [EarlyColumn.WakeupKind, EarlyColumn.WakeupTime, EarlyColumn.WakeupCpu, EarlyColumn.WakeupPid, EarlyColumn.WakeupTargetCpu];

    // Keyed by EventKind.
    private static readonly EncodedValues EventNames = EncodedValues.OfStrings(Enum.GetValues<EventKind>().Select(kind => kind.ToCdictName()));

    // Keyed by WakeupKind; kinds travel as the kernel's tracepoint names so a reordered enum cannot change their meaning.
    private static readonly EncodedValues WakeupKindNames = EncodedValues.OfStrings(CdictWakeups.KindNames);

    /// <summary>How a column's segments are deflated: the times in order (wakeups' time_ns, events' usecs) with <see cref="PrefixDeflate"/>, in well under half the time of zlib's fastest level (usecs 9% larger: zlib finds more in their last bytes).</summary>
    public static SegmentCoding CodingOf(EarlyColumn column) => column is EarlyColumn.WakeupTime or EarlyColumn.EventUsecs ? SegmentCoding.TimesInOrder : SegmentCoding.Fastest;

    /// <summary>
    /// Writes rows [from, to) of an event column; it holds the table's arrays as they are when
    /// asked for (a later growth of the table replaces them, never their rows), and times relative to
    /// <paramref name="origin"/> (the table's are relative to it already once the capture is finished: 0).
    /// </summary>
    public static Action<MessagePackWriter, int, int> Event(EarlyColumn column, EventTable table, long origin) => column switch
    {
        EarlyColumn.EventKind => EventKinds(table.Kind),
        EarlyColumn.EventCpu => Int32s(table.Cpu),
        EarlyColumn.EventUsecs => Microseconds(table.TimeNs, origin),
        EarlyColumn.EventPid => Int32s(table.Pid),
        EarlyColumn.EventDuration => Microseconds(table.DurationNs, origin: 0),
        EarlyColumn.EventNextPid => NextPids(table.NextPid),
        EarlyColumn.EventPrevState => Int32s(table.PrevState),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "not an event column"),
    };

    /// <summary>Writes rows [from, to) of a wakeup column, as <see cref="Event"/> does.</summary>
    public static Action<MessagePackWriter, int, int> Wakeup(EarlyColumn column, WakeupTable table, long origin) => column switch
    {
        EarlyColumn.WakeupKind => WakeupKinds(table.Kind),
        EarlyColumn.WakeupTime => Nanoseconds(table.TimeNs, origin),
        EarlyColumn.WakeupCpu => Int32s(table.Cpu),
        EarlyColumn.WakeupPid => Int32s(table.Pid),
        EarlyColumn.WakeupTargetCpu => Int32s(table.TargetCpu),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "not a wakeup column"),
    };

    private static Action<MessagePackWriter, int, int> EventKinds(EventKind[] kinds) => (writer, from, to) =>
        writer.WriteEncoded(MemoryMarshal.Cast<EventKind, byte>(kinds.AsSpan(from, to - from)), EventNames);

    private static Action<MessagePackWriter, int, int> WakeupKinds(WakeupKind[] kinds) => (writer, from, to) =>
        writer.WriteEncoded(MemoryMarshal.Cast<WakeupKind, byte>(kinds.AsSpan(from, to - from)), WakeupKindNames);

    private static Action<MessagePackWriter, int, int> Int32s(int[] values) => (writer, from, to) => writer.WriteInt32s(values.AsSpan(from, to - from));

    /// <summary>Nanoseconds go out as float64 microseconds: the original's unit, without losing precision.</summary>
    private static Action<MessagePackWriter, int, int> Microseconds(long[] valuesNs, long origin) => (writer, from, to) =>
        writer.WriteDoubles(valuesNs.AsSpan(from, to - from), origin, 1000.0);

    private static Action<MessagePackWriter, int, int> Nanoseconds(long[] valuesNs, long origin) => (writer, from, to) =>
        writer.WriteInt64s(valuesNs.AsSpan(from, to - from), origin);

    private static Action<MessagePackWriter, int, int> NextPids(int[] nextPids) => (writer, from, to) =>
    {
        foreach (var nextPid in nextPids.AsSpan(from, to - from))
        {
            if (nextPid == EventTable.NoPid)
            {
                writer.WriteNil();
            }
            else
            {
                writer.WriteInt64(nextPid);
            }
        }
    };
}
