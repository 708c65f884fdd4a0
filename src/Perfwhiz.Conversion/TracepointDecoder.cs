using System.Runtime.CompilerServices;
using Perfwhiz.Captures.Table;
using Perfwhiz.Perf.Records;
using Perfwhiz.Perf.Tracepoints;

namespace Perfwhiz.Conversion;

/// <summary>
/// Decodes the samples of one tracepoint into <see cref="PendingEvent"/>s. Fields are found by
/// name once per event from the capture's own format, so kernels with other layouts just work.
/// </summary>
internal sealed class TracepointDecoder
{
    private readonly TraceField? pid;
    private readonly TraceField? comm;
    private readonly TraceField? number;
    private readonly TraceField? related;
    private readonly TraceField? nextComm;
    private readonly TraceField? commonType;
    private readonly long formatId;
    private readonly bool bigEndian;
    private readonly PayloadWords words;

    private TracepointDecoder(Tracepoint tracepoint, TraceFormat format, bool bigEndian)
    {
        var fields = tracepoint.Fields;
        Kind = tracepoint.Kind;
        this.bigEndian = bigEndian;
        formatId = format.Id;
        commonType = format.Field("common_type");
        pid = format.Field(fields.Pid);
        comm = OptionalField(format, fields.Comm);
        number = OptionalField(format, fields.Number);
        related = OptionalField(format, fields.Related);
        nextComm = OptionalField(format, fields.NextComm);

        // A switch without prev_state is still a switch (state 0); without next_pid it is not.
        var isSwitch = Kind == PendingKind.Switch;
        MissingField = pid is null ? fields.Pid
            : commonType is null ? "common_type"
            : fields.Comm is not null && comm is null ? fields.Comm
            : !isSwitch && fields.Number is not null && number is null ? fields.Number
            : isSwitch && related is null ? fields.Related
            : null;
        if (MissingField is null)
        {
            words = PayloadWords.For(commonType!, pid!, comm, number, related, nextComm, RelatedDefault, bigEndian);
        }
    }

    public PendingKind Kind { get; }

    /// <summary>A field the analyses need that this kernel's format lacks; its samples are dropped.</summary>
    public string? MissingField { get; }

    /// <summary>The decoder for a tracepoint of the <see cref="TracepointCatalog"/>, or null for the others.</summary>
    public static TracepointDecoder? For(TraceFormat format, bool bigEndian) =>
        TracepointCatalog.Named(format.FullName) is { } tracepoint ? new(tracepoint, format, bigEndian) : null;

    /// <summary>
    /// Fills <paramref name="decoded"/>; false when the payload is too short for its fields. The
    /// comms are left as stored, for the assembly thread to intern: a Task or NextTask of
    /// <see cref="PendingEvent.NameFollows"/> says <paramref name="task"/> or <paramref name="nextTask"/> holds it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into OnSample, its one caller
    public bool TryDecode(in SampleRecord sample, ref PendingEvent decoded, out ReadOnlySpan<byte> task, out ReadOnlySpan<byte> nextTask)
    {
        var raw = sample.Raw;
        if (raw.Length >= words.End && words.End > 0)
        {
            // The payload holds every field: read without a branch per field (see PayloadWords).
            task = words.Task(raw);
            nextTask = words.NextTask(raw);
            decoded = new PendingEvent
            {
                Kind = Kind,
                TimeNs = sample.TimeNs,
                Cpu = sample.Cpu,
                Pid = PidOf(sample, words.Pid.Read(raw)),
                Task = words.TaskMarker,
                NextTask = words.NextTaskMarker,
                Number = words.Number.Read(raw),
                Related = (int)words.Related.Read(raw),
            };
            return words.CommonType.Read(raw) == formatId;
        }

        return TryDecodeFieldByField(sample, ref decoded, out task, out nextTask);
    }

    // Big-endian captures, __data_loc names, odd sizes and payloads too short for some field.
    private bool TryDecodeFieldByField(in SampleRecord sample, ref PendingEvent decoded, out ReadOnlySpan<byte> task, out ReadOnlySpan<byte> nextTask)
    {
        var raw = sample.Raw;
        decoded = new PendingEvent { Kind = Kind, TimeNs = sample.TimeNs, Cpu = sample.Cpu, Task = -1, NextTask = EventTable.NoTask };
        task = default;
        nextTask = default;
        // common_type names the tracepoint the payload belongs to: a format borrowed from tracefs
        // for a capture without its own must agree with it.
        if (!commonType!.TryReadInt64(raw, bigEndian, out var type) || type != formatId
            || !pid!.TryReadInt64(raw, bigEndian, out var pidValue))
        {
            return false;
        }

        decoded.Pid = PidOf(sample, pidValue);
        if (comm is not null)
        {
            if (!comm.TryReadStringBytes(raw, bigEndian, out task))
            {
                return false;
            }

            decoded.Task = PendingEvent.NameFollows;
        }

        if (number is not null)
        {
            if (!number.TryReadInt64(raw, bigEndian, out var numberValue))
            {
                return false;
            }

            decoded.Number = numberValue;
        }

        if (related is not null && related.TryReadInt64(raw, bigEndian, out var relatedValue))
        {
            decoded.Related = (int)relatedValue;
        }
        else if (Kind == PendingKind.Switch)
        {
            return false;
        }
        else
        {
            decoded.Related = RelatedDefault;
        }

        if (nextComm is not null && nextComm.TryReadStringBytes(raw, bigEndian, out nextTask))
        {
            decoded.NextTask = PendingEvent.NameFollows;
        }

        return true;
    }

    // An old kvm_exit without isa: VMX.
    private int RelatedDefault => Kind == PendingKind.KvmExit ? 1 : -1;

    // kvm samples are about the running thread; the sample's tid says it even when common_pid is odd.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PidOf(in SampleRecord sample, long pidValue) =>
        Kind is PendingKind.KvmExit or PendingKind.KvmEntry && sample.Tid >= 0 ? sample.Tid : (int)pidValue;

    private static TraceField? OptionalField(TraceFormat format, string? name) => name is null ? null : format.Field(name);
}
