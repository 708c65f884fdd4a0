using System.Buffers.Binary;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Takes what a <see cref="System.IO.Compression.ZLibStream"/> writes and passes on only the raw
/// deflate of a segment: the 2-byte zlib header is dropped, and what follows the segment's sync
/// flush (<see cref="EndSegment"/>: the empty final block and the Adler-32) is kept aside, for
/// <see cref="Checksum"/>. zlib then sums the content in its own fast loop, as it copies it in.
/// </summary>
internal sealed class ZlibUnwrapStream(Stream output) : WriteOnlyStream
{
    private const int HeaderBytes = 2;

    // An empty final block of fixed codes, byte aligned after a sync flush, then the Adler-32.
    private const int TrailerBytes = 6;

    private readonly byte[] header = new byte[HeaderBytes];
    private readonly byte[] trailer = new byte[TrailerBytes];
    private int headerSeen;
    private int trailerSeen;
    private bool segmentEnded;

    /// <summary>The Adler-32 of the content, once the zlib stream was closed after <see cref="EndSegment"/>.</summary>
    public uint Checksum
    {
        get
        {
            // Given nothing, a ZLibStream writes nothing: an empty segment, whose Adler-32 is 1.
            if (headerSeen == 0 && trailerSeen == 0)
            {
                return 1;
            }

            if (headerSeen != HeaderBytes || trailerSeen != TrailerBytes || trailer[0] != 0x03 || trailer[1] != 0x00)
            {
                throw new InvalidOperationException($"zlib ended a segment in an unexpected way ({trailerSeen} bytes after its sync flush)");
            }

            return BinaryPrimitives.ReadUInt32BigEndian(trailer.AsSpan(2));
        }
    }

    /// <summary>Marks the segment's end: call after the zlib stream's sync flush, before closing it.</summary>
    public void EndSegment() => segmentEnded = true;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (headerSeen < HeaderBytes)
        {
            var taken = Math.Min(HeaderBytes - headerSeen, buffer.Length);
            buffer[..taken].CopyTo(header.AsSpan(headerSeen));
            headerSeen += taken;
            buffer = buffer[taken..];
        }

        if (segmentEnded)
        {
            if (buffer.Length > TrailerBytes - trailerSeen)
            {
                throw new InvalidOperationException("zlib wrote more than a final block and a checksum after a sync flush");
            }

            buffer.CopyTo(trailer.AsSpan(trailerSeen));
            trailerSeen += buffer.Length;
            return;
        }

        Advance(buffer.Length);
        output.Write(buffer);
    }

    public override void Flush() => output.Flush();
}
