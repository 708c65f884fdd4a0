using F = Perfwhiz.Exports.Perfetto.PerfettoFields;

namespace Perfwhiz.Exports.Perfetto;

/// <summary>
/// The compact_sched part of one FtraceEventBundle (ftrace_event_bundle.proto's CompactSched, what
/// Perfetto's own traced writes): sched_switch and sched_waking as packed columns, timestamps as
/// deltas, names interned per bundle; a few bytes an event where a whole FtraceEvent takes about 50.
/// A compact switch does not carry the task switched out: Perfetto takes it from the CPU's previous
/// switch, so only switches that continue their CPU's chain come here.
/// </summary>
internal sealed class CompactSched
{
    // The priority is not in a cdict: 0, as the omitted field of a whole event reads.
    private const ulong UnknownPriority = 0;

    private readonly Dictionary<string, uint> internIndex = new(StringComparer.Ordinal);
    private readonly List<string> internTable = [];
    private readonly List<ulong> switchTimestamps = [];
    private readonly List<ulong> switchPrevStates = [];
    private readonly List<ulong> switchNextPids = [];
    private readonly List<ulong> switchNextPrios = [];
    private readonly List<ulong> switchNextComms = [];
    private readonly List<ulong> wakingTimestamps = [];
    private readonly List<ulong> wakingPids = [];
    private readonly List<ulong> wakingTargetCpus = [];
    private readonly List<ulong> wakingPrios = [];
    private readonly List<ulong> wakingComms = [];
    private long lastSwitchNs;
    private long lastWakingNs;

    public int Count => switchTimestamps.Count + wakingTimestamps.Count;

    public void Switch(long timestampNs, long prevState, int nextPid, string nextComm)
    {
        // The first timestamp of a bundle is absolute, each next one relative to its predecessor.
        switchTimestamps.Add((ulong)(timestampNs - lastSwitchNs));
        lastSwitchNs = timestampNs;
        switchPrevStates.Add((ulong)prevState);
        switchNextPids.Add((ulong)(long)nextPid);
        switchNextPrios.Add(UnknownPriority);
        switchNextComms.Add(Intern(nextComm));
    }

    public void Waking(long timestampNs, int pid, int targetCpu, string comm)
    {
        wakingTimestamps.Add((ulong)(timestampNs - lastWakingNs));
        lastWakingNs = timestampNs;
        wakingPids.Add((ulong)(long)pid);
        wakingTargetCpus.Add((ulong)(long)targetCpu);
        wakingPrios.Add(UnknownPriority);
        wakingComms.Add(Intern(comm));
    }

    /// <summary>Writes the bundle's compact_sched field, when it holds events, and starts a new one.</summary>
    public void WriteTo(ProtoWriter writer)
    {
        if (Count == 0)
        {
            return;
        }

        writer.BeginMessage(F.Bundle.CompactSched);
        foreach (var name in internTable)
        {
            writer.String(F.CompactSched.InternTable, name);
        }

        WriteColumn(writer, F.CompactSched.SwitchTimestamp, switchTimestamps);
        WriteColumn(writer, F.CompactSched.SwitchPrevState, switchPrevStates);
        WriteColumn(writer, F.CompactSched.SwitchNextPid, switchNextPids);
        WriteColumn(writer, F.CompactSched.SwitchNextPrio, switchNextPrios);
        WriteColumn(writer, F.CompactSched.SwitchNextCommIndex, switchNextComms);
        WriteColumn(writer, F.CompactSched.WakingTimestamp, wakingTimestamps);
        WriteColumn(writer, F.CompactSched.WakingPid, wakingPids);
        WriteColumn(writer, F.CompactSched.WakingTargetCpu, wakingTargetCpus);
        WriteColumn(writer, F.CompactSched.WakingPrio, wakingPrios);
        WriteColumn(writer, F.CompactSched.WakingCommIndex, wakingComms);
        writer.EndMessage();
        Clear();
    }

    private static void WriteColumn(ProtoWriter writer, int field, List<ulong> values)
    {
        if (values.Count > 0)
        {
            writer.Packed(field, values);
        }
    }

    private ulong Intern(string name)
    {
        if (!internIndex.TryGetValue(name, out var index))
        {
            internIndex[name] = index = (uint)internTable.Count;
            internTable.Add(name);
        }

        return index;
    }

    private void Clear()
    {
        internIndex.Clear();
        internTable.Clear();
        foreach (var column in new[] { switchTimestamps, switchPrevStates, switchNextPids, switchNextPrios, switchNextComms, wakingTimestamps, wakingPids, wakingTargetCpus, wakingPrios, wakingComms })
        {
            column.Clear();
        }

        lastSwitchNs = 0;
        lastWakingNs = 0;
    }
}
