namespace Perfwhiz.Captures.Cdict;

/// <summary>Passes what is written on to another stream and sums it with <see cref="Adler32"/>.</summary>
internal sealed class Adler32Stream(Stream output) : Stream
{
    private long length;

    /// <summary>The Adler-32 of everything written so far.</summary>
    public uint Checksum { get; private set; } = 1;

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
        Checksum = Adler32.Compute(buffer, Checksum);
        length += buffer.Length;
        output.Write(buffer);
    }

    public override void Flush() => output.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
