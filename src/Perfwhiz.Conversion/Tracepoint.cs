namespace Perfwhiz.Conversion;

/// <summary>One tracepoint of the <see cref="TracepointCatalog"/>.</summary>
internal sealed record Tracepoint(string Name, PendingKind Kind, TracepointRecording Recording, TracepointFields Fields)
{
    /// <summary>A capture must hold one of the anchors (scheduler switches or KVM exits) to be worth converting.</summary>
    public bool Anchor { get; init; }

    /// <summary>The warning for a capture without this tracepoint (nor <see cref="CoveredBy"/>), or null when nothing is lost.</summary>
    public string? LostWithout { get; init; }

    /// <summary>The warning holds only when the capture has this tracepoint (without switches, run times do not matter).</summary>
    public string? LostOnlyWith { get; init; }

    /// <summary>A tracepoint that avoids the loss as well; perfcap records it in this one's place when it is a <see cref="TracepointRecording.StandIn"/>.</summary>
    public string? CoveredBy { get; init; }

    /// <summary>Why the first event of its kind on a CPU or vCPU is dropped, when it is.</summary>
    public string? FirstDropReason { get; init; }
}
