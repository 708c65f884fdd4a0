namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// What a write-only, forward-only stream says of itself: a subclass counts what it was given with
/// <see cref="Advance"/> and implements the span <see cref="Write(ReadOnlySpan{byte})"/> and <see cref="Flush"/>.
/// </summary>
internal abstract class WriteOnlyStream : Stream
{
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

    public abstract override void Write(ReadOnlySpan<byte> buffer);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected void Advance(int count) => length += count;
}
