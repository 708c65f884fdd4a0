namespace Perfwhiz.Captures.Cdict;

/// <summary>Passes what is written on to another stream and sums it with <see cref="Adler32"/>.</summary>
internal sealed class Adler32Stream(Stream output) : WriteOnlyStream
{
    /// <summary>The Adler-32 of everything written so far.</summary>
    public uint Checksum { get; private set; } = 1;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Checksum = Adler32.Compute(buffer, Checksum);
        Advance(buffer.Length);
        output.Write(buffer);
    }

    public override void Flush() => output.Flush();
}
