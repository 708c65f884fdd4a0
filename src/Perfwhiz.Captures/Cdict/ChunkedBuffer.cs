namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// A write-only in-memory stream kept as a list of fixed-size chunks: unlike a MemoryStream it never
/// copies what it holds to grow, so it takes the memory of its content and no more.
/// </summary>
internal sealed class ChunkedBuffer : Stream
{
    private const int ChunkSize = 64 << 10;

    private readonly List<byte[]> chunks = [];
    private int usedInLast = ChunkSize;
    private long length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => length;

    public override long Position
    {
        get => length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (usedInLast == ChunkSize)
            {
                chunks.Add(new byte[ChunkSize]);
                usedInLast = 0;
            }

            var copied = Math.Min(buffer.Length, ChunkSize - usedInLast);
            buffer[..copied].CopyTo(chunks[^1].AsSpan(usedInLast));
            usedInLast += copied;
            length += copied;
            buffer = buffer[copied..];
        }
    }

    /// <summary>Writes the first <paramref name="count"/> bytes of the content to <paramref name="destination"/>.</summary>
    public void WriteTo(Stream destination, long count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, length);
        for (var i = 0; count > 0; i++)
        {
            var size = (int)Math.Min(count, ChunkSize);
            destination.Write(chunks[i], 0, size);
            count -= size;
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
