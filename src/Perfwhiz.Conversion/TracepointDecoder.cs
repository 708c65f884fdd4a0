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
    // The kernel's TASK_COMM_LEN: comms are char[16] fields.
    private const int CharArrayComm = 16;

    private readonly TraceField? pid;
    private readonly TraceField? comm;
    private readonly TraceField? nextPid;
    private readonly TraceField? nextComm;
    private readonly TraceField? value;
    private readonly TraceField? other;
    private readonly TraceField? commonType;
    private readonly long formatId;
    private readonly bool bigEndian;

    private TracepointDecoder(PendingKind kind, TraceFormat format, bool bigEndian, string pidField, string? commField, string? valueField, string? otherField)
    {
        Kind = kind;
        this.bigEndian = bigEndian;
        pid = format.Field(pidField);
        commonType = format.Field("common_type");
        formatId = format.Id;
        comm = commField is null ? null : format.Field(commField);
        value = valueField is null ? null : format.Field(valueField);
        other = otherField is null ? null : format.Field(otherField);
        if (kind == PendingKind.Switch)
        {
            nextPid = format.Field("next_pid");
            nextComm = format.Field("next_comm");
        }

        MissingField = (pid, commField, comm, valueField, value, kind) switch
        {
            (null, _, _, _, _, _) => pidField,
            _ when commonType is null => "common_type",
            (_, not null, null, _, _, _) => commField,
            (_, _, _, not null, null, not PendingKind.Switch) => valueField,
            _ when kind == PendingKind.Switch && nextPid is null => "next_pid",
            _ => null,
        };
    }

    public PendingKind Kind { get; }

    /// <summary>A field the analyses need that this kernel's format lacks; its samples are dropped.</summary>
    public string? MissingField { get; }

    /// <summary>The decoder for a tracepoint perfwhiz uses, or null for the others.</summary>
    public static TracepointDecoder? For(TraceFormat format, bool bigEndian) => format.FullName switch
    {
        "sched:sched_switch" => new(PendingKind.Switch, format, bigEndian, "prev_pid", "prev_comm", "prev_state", null),
        "sched:sched_stat_runtime" => new(PendingKind.StatRuntime, format, bigEndian, "pid", null, "runtime", null),
        "sched:sched_stat_sleep" => new(PendingKind.StatSleep, format, bigEndian, "pid", "comm", "delay", null),
        "sched:sched_stat_iowait" => new(PendingKind.StatIowait, format, bigEndian, "pid", "comm", "delay", null),
        "sched:sched_waking" => new(PendingKind.Waking, format, bigEndian, "pid", "comm", null, "target_cpu"),
        "sched:sched_wakeup" => new(PendingKind.Wakeup, format, bigEndian, "pid", "comm", null, "target_cpu"),
        "sched:sched_wakeup_new" => new(PendingKind.WakeupNew, format, bigEndian, "pid", "comm", null, "target_cpu"),
        "kvm:kvm_exit" => new(PendingKind.KvmExit, format, bigEndian, "common_pid", null, "exit_reason", "isa"),
        "kvm:kvm_entry" => new(PendingKind.KvmEntry, format, bigEndian, "common_pid", null, null, null),
        _ => null,
    };

    /// <summary>Fills <paramref name="decoded"/>; false when the payload is too short for its fields.</summary>
    /// <remarks>Once per record: optimized at first call, as ReadyToRun code does not inline across assemblies.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryDecode(SampleRecord sample, Utf8NameCache names, out PendingEvent decoded)
    {
        decoded = new PendingEvent { Kind = Kind, TimeNs = sample.TimeNs, Cpu = sample.Cpu, Task = -1, OtherTask = EventTable.NoTask };
        var raw = sample.Raw;
        // common_type names the tracepoint the payload belongs to: a format borrowed from tracefs
        // for a capture without its own must agree with it.
        if (!commonType!.TryReadInt64(raw, bigEndian, out var type) || type != formatId
            || !pid!.TryReadInt64(raw, bigEndian, out var pidValue))
        {
            return false;
        }

        // kvm samples are about the running thread; the sample's tid says it even when common_pid is odd.
        decoded.Pid = Kind is PendingKind.KvmExit or PendingKind.KvmEntry && sample.Tid >= 0 ? sample.Tid : (int)pidValue;
        if (comm is not null && !TryInternName(comm, raw, names, out decoded.Task))
        {
            return false;
        }

        if (value is not null)
        {
            if (!value.TryReadInt64(raw, bigEndian, out decoded.Value))
            {
                return false;
            }
        }

        if (other is not null && other.TryReadInt64(raw, bigEndian, out var otherValue))
        {
            decoded.OtherPid = (int)otherValue;
        }
        else
        {
            decoded.OtherPid = Kind == PendingKind.KvmExit ? 1 : -1; // old kvm_exit without isa: VMX
        }

        return Kind != PendingKind.Switch || TryDecodeNext(raw, names, ref decoded);
    }

    private bool TryDecodeNext(ReadOnlySpan<byte> raw, Utf8NameCache names, ref PendingEvent decoded)
    {
        if (!nextPid!.TryReadInt64(raw, bigEndian, out var next))
        {
            return false;
        }

        decoded.OtherPid = (int)next;
        if (nextComm is not null && TryInternName(nextComm, raw, names, out var task))
        {
            decoded.OtherTask = task;
        }

        return true;
    }

    /// <summary>Reads and interns a name field, as TraceField.TryReadString would cut it.</summary>
    private bool TryInternName(TraceField field, ReadOnlySpan<byte> raw, Utf8NameCache names, out int task)
    {
        task = EventTable.NoTask;
        if (field.Size == CharArrayComm && !field.IsDataLoc && !field.IsRelLoc)
        {
            if ((uint)(field.Offset + CharArrayComm) > (uint)raw.Length)
            {
                return false;
            }

            task = names.InternCharArray(raw.Slice(field.Offset, CharArrayComm));
            return true;
        }

        if (!field.TryReadString(raw, bigEndian, out var name))
        {
            return false;
        }

        task = names.Intern(name);
        return true;
    }
}
