namespace Perfwhiz.Captures.Cdict;

/// <summary>A segment of a zlib stream for <see cref="ParallelZlib"/>: what encodes it, or its content deflated already.</summary>
internal readonly record struct StreamSegment(Action<MessagePackWriter>? Encode, DeflatedSegment? Deflated, SegmentCoding Coding = SegmentCoding.Fastest)
{
    public static StreamSegment Encoded(Action<MessagePackWriter> encode, SegmentCoding coding = SegmentCoding.Fastest) => new(encode, null, coding);

    public static StreamSegment Of(DeflatedSegment deflated) => new(null, deflated);
}
