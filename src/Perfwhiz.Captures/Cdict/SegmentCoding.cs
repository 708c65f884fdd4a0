namespace Perfwhiz.Captures.Cdict;

/// <summary>How a segment of a cdict stream is deflated.</summary>
internal enum SegmentCoding
{
    /// <summary>zlib's fastest level.</summary>
    Fastest,

    /// <summary><see cref="PrefixDeflate"/>: for a column of times in order, which zlib's fastest level barely shrinks.</summary>
    TimesInOrder,
}
