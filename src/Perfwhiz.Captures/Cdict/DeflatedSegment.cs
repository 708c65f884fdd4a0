namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Part of a zlib stream's content deflated before the stream is written (see
/// <see cref="ParallelZlib"/>): raw deflate ending on a sync flush, with what the stream's
/// checksum needs of it.
/// </summary>
internal sealed record DeflatedSegment(byte[] Bytes, long InflatedLength, uint Checksum)
{
    /// <summary>Encodes with <paramref name="encode"/> and deflates it, through <paramref name="scratch"/> (emptied first), into a segment of its exact size.</summary>
    public static DeflatedSegment Deflate(Action<MessagePackWriter> encode, SegmentCoding coding, MemoryStream scratch)
    {
        scratch.SetLength(0);
        var (inflatedLength, deflatedLength, checksum) = ParallelZlib.Deflate(encode, coding, scratch);
        return new DeflatedSegment(scratch.GetBuffer().AsSpan(0, (int)deflatedLength).ToArray(), inflatedLength, checksum);
    }
}
