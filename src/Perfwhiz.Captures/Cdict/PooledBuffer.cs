using System.Buffers;

namespace Perfwhiz.Captures.Cdict;

/// <summary>A growable byte buffer rented from the shared pool, so repeated loads reuse the same large arrays.</summary>
internal sealed class PooledBuffer : IDisposable
{
    public PooledBuffer(int capacity)
    {
        Array = ArrayPool<byte>.Shared.Rent(capacity);
    }

    public byte[] Array { get; private set; }

    /// <summary>How many bytes at the start of <see cref="Array"/> hold data.</summary>
    public int Length { get; set; }

    public ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

    public bool CanGrow => Array.Length < System.Array.MaxLength;

    /// <summary>Doubles the capacity (up to the largest array .NET allows), keeping the data.</summary>
    public void Grow()
    {
        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * Array.Length, System.Array.MaxLength));
        Span.CopyTo(grown);
        ArrayPool<byte>.Shared.Return(Array);
        Array = grown;
    }

    public void Dispose()
    {
        if (Array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Array);
            Array = [];
        }
    }
}
