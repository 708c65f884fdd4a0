using System.IO.Compression;
using System.Runtime.ExceptionServices;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Inflates a zlib stream on a worker thread, a few chunks ahead of a <see cref="MessagePackReader"/>
/// that decodes them: on two cores a load then takes about as
/// long as the decoding alone. The reader sees a sliding window of the inflated bytes, so memory
/// stays at a few chunks however large the stream (the whole stream once held 130 MB for 1.7M rows).
/// </summary>
internal sealed class BackgroundInflater : IDisposable
{
    // Small enough for the reader to start at once and for the chunks to stay in cache, large
    // enough for the hand-overs to cost nothing.
    private const int ChunkSize = 256 * 1024;

    // How many chunks the worker may inflate ahead of the reader.
    private const int ChunksAhead = 4;

    // Room before each chunk's bytes for the start of a value the previous chunk ends inside: the
    // reader's window then moves to the next chunk with only those bytes copied.
    private const int Reserve = 4096;

    // The largest single value (a string, an unknown key's value) the window grows to hold: task
    // names and warnings are short, and a larger claim would make a few bytes of zlib take gigabytes.
    private const int MaxValueBytes = 64 << 20;

    // Deflate cannot expand data more than 1032 times.
    private const long MaxDeflateRatio = 1032;

    private readonly Stream compressed;
    private readonly string name;
    private readonly string what;
    private readonly bool announced;
    private readonly bool computeChecksum;
    private readonly Thread worker;
    private readonly object progress = new();
    private readonly Queue<(byte[] Chunk, int Length)> inflated = new();
    private readonly Stack<byte[]> free = new();
    private int arrived;
    private bool done;
    private Exception? failure;
    private bool abandoned;

    // The reader's bytes: window[windowFrom..windowFrom + windowLength) are the stream's bytes from
    // windowStart on. The window is a chunk (held from the worker until the window moves on) or,
    // for a value longer than a chunk's reserve, an array of the reader's own.
    private byte[] window = [];
    private byte[]? held;
    private byte[]? own;
    private int windowFrom;
    private int windowStart;
    private int windowLength;

    /// <param name="announcedLength">
    /// The announced inflated size, which the stream must inflate to exactly; null when not
    /// announced: <see cref="FinalLength"/> is then known once the stream has ended.
    /// </param>
    /// <param name="computeChecksum">Whether to compute <see cref="Checksum"/>.</param>
    /// <param name="compressed">The zlib stream, <paramref name="count"/> bytes, which the worker reads and disposes of.</param>
    public BackgroundInflater(Stream compressed, int count, int? announcedLength, string name, string what, bool computeChecksum = false)
    {
        this.compressed = compressed;
        this.name = name;
        this.what = what;
        this.computeChecksum = computeChecksum;
        announced = announcedLength is not null;
        FinalLength = announcedLength ?? MaxInflatedLength(count);
        // One more than the worker may fill ahead: the reader holds one.
        for (var i = 0; i <= ChunksAhead; i++)
        {
            free.Push(new byte[Reserve + ChunkSize]);
        }

        worker = new Thread(Inflate) { IsBackground = true, Name = "cdict inflate" };
        worker.Start();
    }

    /// <summary>The inflated size: announced, or an upper bound (<see cref="MaxInflatedLength"/>) until the stream has ended.</summary>
    public int FinalLength { get; private set; }

    /// <summary>The Adler-32 checksum of the inflated bytes, once <see cref="Finish"/> has returned (when asked for).</summary>
    public uint Checksum { get; private set; } = 1;

    /// <summary>The most that <paramref name="compressedLength"/> bytes of zlib can inflate to (and that one array can hold).</summary>
    public static int MaxInflatedLength(int compressedLength) => (int)Math.Min(MaxDeflateRatio * compressedLength, Array.MaxLength);

    /// <summary>
    /// Drops the bytes before <paramref name="keepFrom"/> and waits until those up to
    /// <paramref name="end"/> have arrived, or all there will be. Returns the bytes from
    /// <paramref name="keepFrom"/> that have arrived (never beyond <see cref="FinalLength"/>); spans
    /// returned before are no longer valid. Throws when the stream turned out corrupt before <paramref name="end"/>.
    /// </summary>
    public ReadOnlySpan<byte> Slide(int keepFrom, int end)
    {
        windowFrom += keepFrom - windowStart;
        windowLength -= keepFrom - windowStart;
        windowStart = keepFrom;
        while (windowStart + windowLength < end && NextChunk() is { } next)
        {
            var (chunk, length) = next;
            if (windowLength <= Reserve && windowStart + windowLength + length >= end)
            {
                // The window moves to the chunk, the bytes it keeps copied into the room before it.
                Buffer.BlockCopy(window, windowFrom, chunk, Reserve - windowLength, windowLength);
                Recycle(held);
                (window, held, windowFrom) = (chunk, chunk, Reserve - windowLength);
                windowLength += length;
            }
            else
            {
                Append(chunk, length);
            }
        }

        return window.AsSpan(windowFrom, Math.Min(windowLength, FinalLength - windowStart));
    }

    /// <summary>Waits for the end of the stream, which must have inflated to the announced size with a valid checksum.</summary>
    public void Finish()
    {
        // Only what the reader has not taken yet: it is at the end of its data, so at most the
        // spare byte that shows a stream longer than announced.
        while (NextChunk() is { } next)
        {
            Recycle(next.Chunk);
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        if (!announced)
        {
            return;
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

    /// <summary>Stops the worker (when the reader gave up early).</summary>
    public void Dispose()
    {
        lock (progress)
        {
            abandoned = true;
            Monitor.PulseAll(progress);
        }

        worker.Join();
    }

    /// <summary>The next inflated chunk (its bytes after <see cref="Reserve"/>); null at the end of the stream. Throws when the stream turned out corrupt.</summary>
    private (byte[] Chunk, int Length)? NextChunk()
    {
        lock (progress)
        {
            while (inflated.Count == 0 && !done)
            {
                Monitor.Wait(progress);
            }

            if (inflated.Count == 0)
            {
                if (failure is not null)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                return null;
            }

            return inflated.Dequeue();
        }
    }

    /// <summary>Hands a chunk the reader is done with back to the worker.</summary>
    private void Recycle(byte[]? chunk)
    {
        if (chunk is null)
        {
            return;
        }

        lock (progress)
        {
            free.Push(chunk);
            Monitor.PulseAll(progress);
        }
    }

    /// <summary>Appends a chunk's bytes to a window of the reader's own, for a value longer than the reserve or than a chunk.</summary>
    private void Append(byte[] chunk, int length)
    {
        own ??= new byte[2 * ChunkSize];
        if (windowLength + length > own.Length)
        {
            GrowWindow((long)windowLength + length);
        }

        // The kept bytes first, to the start of the reader's array (from a chunk, or within it).
        Buffer.BlockCopy(window, windowFrom, own, 0, windowLength);
        Recycle(held);
        (window, held, windowFrom) = (own, null, 0);
        Buffer.BlockCopy(chunk, Reserve, own, windowLength, length);
        windowLength += length;
        Recycle(chunk);
    }

    /// <summary>A value the reader awaits whole may need a window larger than the chunks.</summary>
    private void GrowWindow(long needed)
    {
        if (needed > MaxValueBytes + ChunkSize)
        {
            throw new CdictFormatException($"{name}: the {what} holds a value of more than {MaxValueBytes} bytes, more than a cdict needs");
        }

        try
        {
            // The window's bytes are copied to the start of the grown array right after.
            own = new byte[(int)Math.Max(2L * own!.Length, needed)];
        }
        catch (OutOfMemoryException e)
        {
            throw new PerfwhizException($"{name}: not enough memory to read the {what} beyond byte {windowStart + windowLength}", e);
        }
    }

    private void Inflate()
    {
        // The chunk being filled, handed over even when the stream breaks off inside it: the reader
        // decodes all the bytes that came before the damage, as it would from a whole buffer.
        byte[]? chunk = null;
        var length = 0;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);

            // One spare byte shows a stream longer than announced.
            var limit = announced ? FinalLength + 1 : FinalLength;
            var filled = 0;
            while (filled < limit && (chunk = NextFreeChunk()) is not null)
            {
                length = 0;
                int read;
                do
                {
                    read = zlib.Read(chunk, Reserve + length, Math.Min(ChunkSize - length, limit - filled - length));
                    length += read;
                }
                while (read > 0 && length < ChunkSize && filled + length < limit);

                filled += length;
                Publish(chunk, length);
                chunk = null;
                if (read == 0)
                {
                    break;
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
                if (chunk is not null)
                {
                    inflated.Enqueue((chunk, length));
                }
                else if (!announced && failure is null)
                {
                    FinalLength = arrived;
                }

                done = true;
                Monitor.PulseAll(progress);
            }
        }
    }

    private void Publish(byte[] chunk, int length)
    {
        if (computeChecksum)
        {
            Checksum = Adler32.Compute(chunk.AsSpan(Reserve, length), Checksum);
        }

        lock (progress)
        {
            inflated.Enqueue((chunk, length));
            arrived += length;
            Monitor.PulseAll(progress);
        }
    }

    /// <summary>Waits for a chunk the reader is done with; null when the reader gave up.</summary>
    private byte[]? NextFreeChunk()
    {
        lock (progress)
        {
            while (free.Count == 0 && !abandoned)
            {
                Monitor.Wait(progress);
            }

            return abandoned ? null : free.Pop();
        }
    }
}
