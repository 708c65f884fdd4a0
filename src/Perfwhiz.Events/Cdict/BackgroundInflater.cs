using System.IO.Compression;
using System.Runtime.ExceptionServices;

namespace Perfwhiz.Events.Cdict;

/// <summary>
/// Inflates a zlib stream whose inflated size is announced on a worker thread, into one pooled
/// buffer, while a <see cref="MessagePackReader"/> decodes the bytes that have arrived: on two
/// cores a load then takes about as long as the decoding alone.
/// </summary>
internal sealed class BackgroundInflater : IDisposable
{
    // Small enough for the reader to start at once, large enough for progress reports to cost nothing.
    private const int ChunkSize = 256 * 1024;

    private readonly byte[] compressed;
    private readonly int offset;
    private readonly int count;
    private readonly string name;
    private readonly string what;
    private readonly PooledBuffer buffer;
    private readonly Thread worker;
    private readonly object progress = new();
    private int arrived;
    private bool done;
    private Exception? failure;
    private volatile bool abandoned;

    /// <param name="finalLength">The announced inflated size; the stream must inflate to exactly that.</param>
    public BackgroundInflater(byte[] compressed, int offset, int count, int finalLength, string name, string what)
    {
        this.compressed = compressed;
        this.offset = offset;
        this.count = count;
        this.name = name;
        this.what = what;
        FinalLength = finalLength;

        // One spare byte shows a stream longer than announced.
        buffer = new PooledBuffer(finalLength + 1);
        worker = new Thread(Inflate) { IsBackground = true, Name = "cdict inflate" };
        worker.Start();
    }

    public int FinalLength { get; }

    /// <summary>
    /// Waits until the first <paramref name="length"/> bytes have arrived, or all there will be, and
    /// returns those that have arrived. Throws when the stream turned out corrupt before them.
    /// </summary>
    public ReadOnlySpan<byte> WaitFor(int length)
    {
        var available = Volatile.Read(ref arrived);
        if (available < length)
        {
            lock (progress)
            {
                while (arrived < length && !done)
                {
                    Monitor.Wait(progress);
                }

                available = arrived;
                if (available < length && failure is not null)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }
            }
        }

        return buffer.Array.AsSpan(0, Math.Min(available, FinalLength));
    }

    /// <summary>Waits for the end of the stream, which must have inflated to the announced size with a valid checksum.</summary>
    public void Finish()
    {
        lock (progress)
        {
            while (!done)
            {
                Monitor.Wait(progress);
            }
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        if (arrived > FinalLength)
        {
            throw new CdictFormatException($"{name}: the {what} inflates to more than the {FinalLength} bytes the extension announces");
        }

        if (arrived < FinalLength)
        {
            throw new CdictFormatException($"{name}: the {what} inflates to {arrived} bytes where the extension announces {FinalLength}");
        }
    }

    /// <summary>Stops the worker (when the reader gave up early) before the buffer goes back to the pool.</summary>
    public void Dispose()
    {
        abandoned = true;
        worker.Join();
        buffer.Dispose();
    }

    private void Inflate()
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed, offset, count, writable: false), CompressionMode.Decompress);
            var limit = FinalLength + 1;
            var filled = 0;
            while (!abandoned && filled < limit)
            {
                var read = zlib.Read(buffer.Array, filled, Math.Min(ChunkSize, limit - filled));
                if (read == 0)
                {
                    break;
                }

                filled += read;
                lock (progress)
                {
                    arrived = filled;
                    Monitor.PulseAll(progress);
                }
            }
        }
        catch (InvalidDataException e)
        {
            failure = new CdictFormatException($"{name}: the {what} is corrupt zlib data", e);
        }
        catch (Exception e)
        {
            // Not a user error but a bug: handed over as it is, so that it surfaces on the reading thread.
            failure = e;
        }
        finally
        {
            lock (progress)
            {
                done = true;
                Monitor.PulseAll(progress);
            }
        }
    }
}
