using System.Buffers;

namespace Perfwhiz.Captures.Cdict;

/// <summary>A byte buffer rented from the shared pool, so repeated loads reuse the same large arrays.</summary>
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

    public void Dispose()
    {
        if (Array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Array);
            Array = [];
        }
    }
}
