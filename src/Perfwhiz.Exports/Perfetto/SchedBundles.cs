using Perfwhiz.Captures.Table;
using F = Perfwhiz.Exports.Perfetto.PerfettoFields;

namespace Perfwhiz.Exports.Perfetto;

/// <summary>
/// Scheduler events as ftrace events, one open FtraceEventBundle per CPU: sched_switch, and each
/// wakeup as the tracepoint that recorded it (sched_waking, sched_wakeup, sched_wakeup_new). A CPU's
/// bundle goes out as its own packet when it is full, so memory stays bounded on any capture.
/// </summary>
internal sealed class SchedBundles(Stream output, int sequenceId)
{
    private const int BundleBytes = 1 << 18;

    private readonly Dictionary<int, ProtoWriter> openBundles = [];

    public void Switch(int cpu, long timestampNs, int prevPid, string prevComm, long? prevState, int nextPid, string nextComm)
    {
        var writer = BundleOf(cpu);
        writer.BeginMessage(F.Bundle.Event);
        writer.UInt64(F.FtraceEvent.Timestamp, (ulong)timestampNs);
        writer.UInt64(F.FtraceEvent.Pid, (uint)prevPid);
        writer.BeginMessage(F.FtraceEvent.SchedSwitch);
        writer.String(F.SchedSwitch.PrevComm, prevComm);
        writer.Int64(F.SchedSwitch.PrevPid, prevPid);
        if (prevState is { } state)
        {
            writer.Int64(F.SchedSwitch.PrevState, state);
        }

        writer.String(F.SchedSwitch.NextComm, nextComm);
        writer.Int64(F.SchedSwitch.NextPid, nextPid);
        writer.EndMessage();
        writer.EndMessage();
        FlushIfFull(writer);
    }

    /// <param name="wakerPid">The thread running on <paramref name="cpu"/> when the wakeup was recorded (0 when unknown).</param>
    public void Wakeup(WakeupKind kind, int cpu, long timestampNs, int wakerPid, int pid, string comm, int targetCpu)
    {
        var writer = BundleOf(cpu);
        writer.BeginMessage(F.Bundle.Event);
        writer.UInt64(F.FtraceEvent.Timestamp, (ulong)timestampNs);
        writer.UInt64(F.FtraceEvent.Pid, (uint)wakerPid);
        writer.BeginMessage(kind switch
        {
            WakeupKind.Waking => F.FtraceEvent.SchedWaking,
            WakeupKind.WakeupNew => F.FtraceEvent.SchedWakeupNew,
            _ => F.FtraceEvent.SchedWakeup,
        });
        writer.String(F.Wakeup.Comm, comm);
        writer.Int64(F.Wakeup.Pid, pid);
        writer.Int64(F.Wakeup.Success, 1);
        writer.Int64(F.Wakeup.TargetCpu, targetCpu);
        writer.EndMessage();
        writer.EndMessage();
        FlushIfFull(writer);
    }

    /// <summary>Writes the bundles still open, lowest CPU first.</summary>
    public void Complete()
    {
        foreach (var writer in openBundles.OrderBy(pair => pair.Key).Select(pair => pair.Value).Where(writer => writer.Length > 0))
        {
            Close(writer);
        }
    }

    private ProtoWriter BundleOf(int cpu)
    {
        if (!openBundles.TryGetValue(cpu, out var writer))
        {
            openBundles[cpu] = writer = new ProtoWriter();
        }

        if (writer.Length == 0)
        {
            writer.BeginMessage(F.TracePacket);
            writer.UInt64(F.Packet.TrustedPacketSequenceId, (uint)sequenceId);
            writer.BeginMessage(F.Packet.FtraceEvents);
            writer.UInt64(F.Bundle.Cpu, (uint)cpu);
        }

        return writer;
    }

    private void FlushIfFull(ProtoWriter writer)
    {
        if (writer.Length >= BundleBytes)
        {
            Close(writer);
        }
    }

    private void Close(ProtoWriter writer)
    {
        writer.EndMessage();
        writer.EndMessage();
        writer.FlushTo(output);
    }
}
