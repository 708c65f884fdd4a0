namespace Perfwhiz.Conversion;

/// <summary>How a tracepoint gets into perfcap's live captures.</summary>
internal enum TracepointRecording
{
    /// <summary>Always recorded; a kernel without it cannot be captured.</summary>
    Required,

    /// <summary>Recorded when the kernel has it.</summary>
    Wanted,

    /// <summary>Recorded only for a kernel that lacks the tracepoint it stands in for: with both, each event would be recorded twice.</summary>
    StandIn,
}
