namespace Perfwhiz.Perf.Container;

/// <summary>
/// One chunk of a stream read ahead on a thread-pool thread, or by the thread that needs it if the
/// pool has not started it yet: whichever comes first reads, so that a busy machine, slow to
/// schedule the pool, never leaves the reader waiting for a read nobody is doing.
/// </summary>
internal sealed class ChunkRead
{
    private const int Queued = 0;
    private const int Reading = 1;
    private const int Taken = 2;

    private readonly Stream stream;
    private readonly byte[] target;
    private readonly int offset;
    private readonly int count;
    private readonly Task background;
    private int state;
    private int bytesRead;

    public ChunkRead(Stream stream, byte[] target, int offset, int count)
    {
        this.stream = stream;
        this.target = target;
        this.offset = offset;
        this.count = count;
        background = Task.Run(ReadInBackground);
    }

    /// <summary>The bytes read (0 at the end of the stream); reads them now if the pool has not begun.</summary>
    public int Result()
    {
        if (Interlocked.CompareExchange(ref state, Taken, Queued) == Queued)
        {
            return stream.Read(target, offset, count);
        }

        background.GetAwaiter().GetResult();
        return bytesRead;
    }

    /// <summary>Gives the read up: waits for it if it is under way (its data and its failure are not wanted).</summary>
    public void Abandon()
    {
        if (Interlocked.CompareExchange(ref state, Taken, Queued) != Queued)
        {
            background.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        }
    }

    private void ReadInBackground()
    {
        if (Interlocked.CompareExchange(ref state, Reading, Queued) == Queued)
        {
            bytesRead = stream.Read(target, offset, count);
        }
    }
}
