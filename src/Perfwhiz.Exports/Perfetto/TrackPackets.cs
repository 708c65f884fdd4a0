using F = Perfwhiz.Exports.Perfetto.PerfettoFields;

namespace Perfwhiz.Exports.Perfetto;

/// <summary>
/// The packets of one sequence that are not ftrace: system info, the process tree, thread track
/// descriptors and their slices (KVM exits on vCPU threads). Names are written out, not interned, so
/// no packet depends on incremental state beyond the first one clearing it.
/// </summary>
internal sealed class TrackPackets(Stream output, int sequenceId)
{
    private const int FlushBytes = 1 << 18;

    private readonly ProtoWriter writer = new();
    private bool sequenceStarted;

    /// <summary>The track of a thread: a uuid no other track of the trace uses.</summary>
    public static ulong ThreadTrackUuid(int tid) => (1UL << 40) | (uint)tid;

    public void SystemInfo(long timestampNs, string? kernelRelease, string? machine)
    {
        BeginPacket(timestampNs);
        writer.BeginMessage(F.Packet.SystemInfo);
        writer.BeginMessage(F.SystemInfo.Utsname);
        writer.String(F.Utsname.Sysname, "Linux");
        if (kernelRelease is not null)
        {
            writer.String(F.Utsname.Release, kernelRelease);
        }

        if (machine is not null)
        {
            writer.String(F.Utsname.Machine, machine);
        }

        writer.EndMessage();
        writer.EndMessage();
        EndPacket();
    }

    /// <summary>Each VM a process named after it, its threads under it with their annotated names.</summary>
    public void ProcessTree(long timestampNs, VmThreads vms)
    {
        BeginPacket(timestampNs);
        writer.BeginMessage(F.Packet.ProcessTree);
        foreach (var vm in vms.Vms)
        {
            writer.BeginMessage(F.ProcessTree.Processes);
            writer.Int64(F.Process.Pid, vm.Pid);
            writer.String(F.Process.Cmdline, vm.Name);
            writer.EndMessage();
            foreach (var (tid, name) in vm.Threads)
            {
                writer.BeginMessage(F.ProcessTree.Threads);
                writer.Int64(F.Thread.Tid, tid);
                writer.String(F.Thread.Name, name);
                writer.Int64(F.Thread.Tgid, vm.Pid);
                writer.EndMessage();
            }
        }

        writer.EndMessage();
        EndPacket();
    }

    public void ThreadTrack(long timestampNs, int pid, int tid, string name)
    {
        BeginPacket(timestampNs);
        writer.BeginMessage(F.Packet.TrackDescriptor);
        writer.UInt64(F.TrackDescriptor.Uuid, ThreadTrackUuid(tid));
        writer.BeginMessage(F.TrackDescriptor.Thread);
        writer.Int64(F.ThreadDescriptor.Pid, pid);
        writer.Int64(F.ThreadDescriptor.Tid, tid);
        writer.String(F.ThreadDescriptor.ThreadName, name);
        writer.EndMessage();
        writer.EndMessage();
        EndPacket();
    }

    /// <summary>A slice on a thread's track from <paramref name="beginNs"/> to <paramref name="endNs"/>.</summary>
    public void Slice(int tid, long beginNs, long endNs, string name)
    {
        BeginPacket(beginNs);
        writer.BeginMessage(F.Packet.TrackEvent);
        writer.Int64(F.TrackEvent.Type, F.TrackEvent.SliceBegin);
        writer.UInt64(F.TrackEvent.TrackUuid, ThreadTrackUuid(tid));
        writer.String(F.TrackEvent.Name, name);
        writer.EndMessage();
        EndPacket();
        BeginPacket(endNs);
        writer.BeginMessage(F.Packet.TrackEvent);
        writer.Int64(F.TrackEvent.Type, F.TrackEvent.SliceEnd);
        writer.UInt64(F.TrackEvent.TrackUuid, ThreadTrackUuid(tid));
        writer.EndMessage();
        EndPacket();
    }

    public void Flush() => writer.FlushTo(output);

    private void BeginPacket(long timestampNs)
    {
        writer.BeginMessage(F.TracePacket);
        writer.UInt64(F.Packet.Timestamp, (ulong)timestampNs);
        writer.UInt64(F.Packet.TrustedPacketSequenceId, (uint)sequenceId);
        if (!sequenceStarted)
        {
            writer.UInt64(F.Packet.SequenceFlags, F.SequenceIncrementalStateCleared);
            sequenceStarted = true;
        }
    }

    private void EndPacket()
    {
        writer.EndMessage();
        if (writer.Length >= FlushBytes)
        {
            writer.FlushTo(output);
        }
    }
}
