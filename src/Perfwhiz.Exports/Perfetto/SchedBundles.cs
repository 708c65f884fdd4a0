using Perfwhiz.Captures.Table;
using F = Perfwhiz.Exports.Perfetto.PerfettoFields;

namespace Perfwhiz.Exports.Perfetto;

/// <summary>
/// Scheduler events as ftrace events, one open FtraceEventBundle per CPU: sched_switch, and each
/// wakeup as the tracepoint that recorded it (sched_waking, sched_wakeup, sched_wakeup_new).
/// Switches that continue their CPU's chain (the task switched out is the one the CPU's previous
/// switch put in) and sched_waking go in the bundle's <see cref="CompactSched"/>, the rest as whole
/// events. A CPU's bundle goes out as its own packet when it is full, so memory stays bounded on any capture.
/// </summary>
internal sealed class SchedBundles(Stream output, int sequenceId)
{
    private const int BundleBytes = 1 << 18;

    // A compact event takes well under this; the bound keeps a bundle near BundleBytes.
    private const int CompactEventBytes = 12;

    private readonly Dictionary<int, (ProtoWriter Events, CompactSched Compact)> openBundles = [];

    // Per CPU, the thread its last switch put in, as Perfetto follows it.
    private readonly Dictionary<int, (int Pid, string Comm)> switchedIn = [];

    public void Switch(int cpu, long timestampNs, int prevPid, string prevComm, long? prevState, int nextPid, string nextComm)
    {
        var bundle = BundleOf(cpu);
        var chained = switchedIn.TryGetValue(cpu, out var last) && last.Pid == prevPid && string.Equals(last.Comm, prevComm, StringComparison.Ordinal);
        switchedIn[cpu] = (nextPid, nextComm);
        if (chained && prevState is { } known)
        {
            bundle.Compact.Switch(timestampNs, known, nextPid, nextComm);
            FlushIfFull(bundle);
            return;
        }

        var writer = bundle.Events;
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
        FlushIfFull(bundle);
    }

    /// <param name="wakerPid">The thread running on <paramref name="cpu"/> when the wakeup was recorded (0 when unknown).</param>
    public void Wakeup(WakeupKind kind, int cpu, long timestampNs, int wakerPid, int pid, string comm, int targetCpu)
    {
        var bundle = BundleOf(cpu);
        if (kind == WakeupKind.Waking)
        {
            // Perfetto takes the waker from the thread running on the CPU.
            bundle.Compact.Waking(timestampNs, pid, targetCpu, comm);
            FlushIfFull(bundle);
            return;
        }

        var writer = bundle.Events;
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
        FlushIfFull(bundle);
    }

    /// <summary>Writes the bundles still open, lowest CPU first.</summary>
    public void Complete()
    {
        foreach (var bundle in openBundles.OrderBy(pair => pair.Key).Select(pair => pair.Value).Where(bundle => bundle.Events.Length > 0))
        {
            Close(bundle);
        }
    }

    private (ProtoWriter Events, CompactSched Compact) BundleOf(int cpu)
    {
        if (!openBundles.TryGetValue(cpu, out var bundle))
        {
            openBundles[cpu] = bundle = (new ProtoWriter(), new CompactSched());
        }

        var writer = bundle.Events;
        if (writer.Length == 0)
        {
            writer.BeginMessage(F.TracePacket);
            writer.UInt64(F.Packet.TrustedPacketSequenceId, (uint)sequenceId);
            writer.BeginMessage(F.Packet.FtraceEvents);
            writer.UInt64(F.Bundle.Cpu, (uint)cpu);
        }

        return bundle;
    }

    private void FlushIfFull((ProtoWriter Events, CompactSched Compact) bundle)
    {
        if (bundle.Events.Length + (bundle.Compact.Count * CompactEventBytes) >= BundleBytes)
        {
            Close(bundle);
        }
    }

    private void Close((ProtoWriter Events, CompactSched Compact) bundle)
    {
        bundle.Compact.WriteTo(bundle.Events);
        bundle.Events.EndMessage();
        bundle.Events.EndMessage();
        bundle.Events.FlushTo(output);
    }
}
