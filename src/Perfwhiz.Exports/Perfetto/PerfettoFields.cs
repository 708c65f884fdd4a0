namespace Perfwhiz.Exports.Perfetto;

/// <summary>
/// Field numbers of the messages written, as google/perfetto's protos/perfetto/trace/ defines them
/// (trace.proto, trace_packet.proto, ftrace/ftrace_event_bundle.proto, ftrace/ftrace_event.proto,
/// ftrace/sched.proto, ps/process_tree.proto, track_event/*.proto, system_info.proto).
/// Only the fields perfwhiz emits; tests decode the output with the official schema.
/// </summary>
internal static class PerfettoFields
{
    public const int TracePacket = 1;                       // Trace.packet

    public static class Packet
    {
        public const int FtraceEvents = 1;                  // FtraceEventBundle
        public const int ProcessTree = 2;
        public const int Timestamp = 8;
        public const int TrustedPacketSequenceId = 10;
        public const int TrackEvent = 11;
        public const int SequenceFlags = 13;
        public const int SystemInfo = 45;
        public const int TrackDescriptor = 60;
    }

    /// <summary>TracePacket.SequenceFlags.SEQ_INCREMENTAL_STATE_CLEARED.</summary>
    public const int SequenceIncrementalStateCleared = 1;

    public static class Bundle
    {
        public const int Cpu = 1;
        public const int Event = 2;
        public const int CompactSched = 4;
    }

    /// <summary>FtraceEventBundle.CompactSched: sched_switch and sched_waking as packed columns.</summary>
    public static class CompactSched
    {
        public const int SwitchTimestamp = 1;
        public const int SwitchPrevState = 2;
        public const int SwitchNextPid = 3;
        public const int SwitchNextPrio = 4;
        public const int InternTable = 5;
        public const int SwitchNextCommIndex = 6;
        public const int WakingTimestamp = 7;
        public const int WakingPid = 8;
        public const int WakingTargetCpu = 9;
        public const int WakingPrio = 10;
        public const int WakingCommIndex = 11;
    }

    public static class FtraceEvent
    {
        public const int Timestamp = 1;
        public const int Pid = 2;
        public const int SchedSwitch = 4;
        public const int SchedWakeup = 17;
        public const int SchedWaking = 20;
        public const int SchedWakeupNew = 114;
    }

    public static class SchedSwitch
    {
        public const int PrevComm = 1;
        public const int PrevPid = 2;
        public const int PrevPrio = 3;
        public const int PrevState = 4;
        public const int NextComm = 5;
        public const int NextPid = 6;
        public const int NextPrio = 7;
    }

    /// <summary>SchedWakingFtraceEvent, SchedWakeupFtraceEvent and SchedWakeupNewFtraceEvent share these numbers.</summary>
    public static class Wakeup
    {
        public const int Comm = 1;
        public const int Pid = 2;
        public const int Prio = 3;
        public const int Success = 4;
        public const int TargetCpu = 5;
    }

    public static class ProcessTree
    {
        public const int Processes = 1;
        public const int Threads = 2;
    }

    public static class Process
    {
        public const int Pid = 1;
        public const int Ppid = 2;
        public const int Cmdline = 3;
    }

    public static class Thread
    {
        public const int Tid = 1;
        public const int Name = 2;
        public const int Tgid = 3;
    }

    public static class TrackDescriptor
    {
        public const int Uuid = 1;
        public const int Thread = 4;
    }

    public static class ThreadDescriptor
    {
        public const int Pid = 1;
        public const int Tid = 2;
        public const int ThreadName = 5;
    }

    public static class TrackEvent
    {
        public const int Type = 9;
        public const int TrackUuid = 11;
        public const int Name = 23;
        public const int SliceBegin = 1;                    // TrackEvent.Type.TYPE_SLICE_BEGIN
        public const int SliceEnd = 2;                      // TrackEvent.Type.TYPE_SLICE_END
    }

    public static class SystemInfo
    {
        public const int Utsname = 1;
    }

    public static class Utsname
    {
        public const int Sysname = 1;
        public const int Release = 3;
        public const int Machine = 4;
    }
}
