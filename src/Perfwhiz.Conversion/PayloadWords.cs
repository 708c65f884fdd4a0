using System.Runtime.CompilerServices;
using Perfwhiz.Captures.Table;
using Perfwhiz.Perf.Tracepoints;

namespace Perfwhiz.Conversion;

/// <summary>
/// A tracepoint decoder's fields, resolved once for reading a little-endian payload that holds them
/// all (<see cref="End"/> bytes) without a branch per field: an absent field reads as its default,
/// an absent name as empty. <see cref="End"/> is 0 when a field needs the careful path (big-endian
/// capture, __data_loc string, odd integer size).
/// </summary>
internal readonly struct PayloadWords
{
    private readonly int commOffset;
    private readonly int commLength;
    private readonly int nextCommOffset;
    private readonly int nextCommLength;

    private PayloadWords(TraceField commonType, TraceField pid, TraceField? comm, TraceField? number, TraceField? related, TraceField? nextComm, long relatedDefault)
    {
        CommonType = WordField.For(commonType);
        Pid = WordField.For(pid);
        Number = WordField.For(number);
        Related = WordField.For(related, relatedDefault);
        (commOffset, commLength) = (comm?.Offset ?? 0, comm?.Size ?? 0);
        (nextCommOffset, nextCommLength) = (nextComm?.Offset ?? 0, nextComm?.Size ?? 0);
        TaskMarker = comm is null ? -1 : PendingEvent.NameFollows;
        NextTaskMarker = nextComm is null ? EventTable.NoTask : PendingEvent.NameFollows;
        var integersEnd = Math.Min(Math.Min(CommonType.End, Pid.End), Math.Min(Number.End, Related.End)) == 0
            ? 0
            : Math.Max(Math.Max(CommonType.End, Pid.End), Math.Max(Number.End, Related.End));
        End = integersEnd > 0 && IsPlainArray(comm) && IsPlainArray(nextComm)
            ? Math.Max(integersEnd, Math.Max(commOffset + commLength, nextCommOffset + nextCommLength))
            : 0;
    }

    public WordField CommonType { get; }

    public WordField Pid { get; }

    public WordField Number { get; }

    public WordField Related { get; }

    /// <summary><see cref="PendingEvent.Task"/>: the name follows, or -1 for a tracepoint without one.</summary>
    public int TaskMarker { get; }

    /// <summary><see cref="PendingEvent.NextTask"/>: the name follows, or none.</summary>
    public int NextTaskMarker { get; }

    /// <summary>The payload bytes the fields need; 0: not to be read this way.</summary>
    public int End { get; }

    public static PayloadWords For(TraceField commonType, TraceField pid, TraceField? comm, TraceField? number, TraceField? related, TraceField? nextComm, long relatedDefault, bool bigEndian) =>
        bigEndian ? default : new(commonType, pid, comm, number, related, nextComm, relatedDefault);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Task(ReadOnlySpan<byte> payload) => payload.Slice(commOffset, commLength);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> NextTask(ReadOnlySpan<byte> payload) => payload.Slice(nextCommOffset, nextCommLength);

    private static bool IsPlainArray(TraceField? field) =>
        field is null || (!field.IsDataLoc && !field.IsRelLoc && field.Offset is >= 0 and <= ushort.MaxValue && field.Size is >= 0 and <= ushort.MaxValue);
}
