using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.ExceptionServices;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Encodes and deflates the segments of zlib streams on every core at once, then writes each
/// stream as one zlib stream. Each segment is deflated on its own and ends on a sync flush (byte
/// aligned, not final), so that the segments join into one deflate stream whose checksum is
/// combined from theirs; the stream inflates to exactly the bytes one writer would have made.
/// Segments are taken in order and written as soon as they and those before them are done, and
/// workers run at most a few segments ahead of the writing: only a few are held at a time.
/// Segments deflated beforehand (<see cref="DeflatedSegment"/>) are joined the same way.
/// </summary>
internal sealed class ParallelZlib : IDisposable
{
    // CMF 0x78 (deflate, 32 KiB window), FLG 0x01: the fastest level, as ZLibStream writes it.
    private static ReadOnlySpan<byte> Header => [0x78, 0x01];

    // An empty final block of fixed codes: ends the stream after the last segment's sync flush.
    private static ReadOnlySpan<byte> FinalBlock => [0x03, 0x00];

    private readonly Segment[] segments;
    private readonly Thread[] workers;
    private readonly SemaphoreSlim ahead;
    private int taken = -1;
    private volatile bool stopping;

    /// <param name="sources">Each segment in stream order: what encodes it, or its content deflated already.</param>
    public ParallelZlib(IReadOnlyList<StreamSegment> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        segments = [.. sources.Select(source => new Segment(source))];
        var workerCount = Math.Max(1, Environment.ProcessorCount);
        // Enough that a worker never waits while another deflates one long segment, with the column
        // headers' tiny segments between them (at 8 a worker, the second core idled 4 ms of 35 at
        // 68 MB while the first deflated a long segment); what they hold is deflated, so a few MB at most.
        ahead = new SemaphoreSlim(32 * workerCount);
        workers = [.. Enumerable.Range(0, workerCount).Select(_ => new Thread(Work) { IsBackground = true, Name = "cdict deflate" })];
    }

    public int SegmentCount => segments.Length;

    /// <summary>Starts the workers; an encoder may then ask for <see cref="InflatedLength"/> of segments before it.</summary>
    public void Start()
    {
        foreach (var worker in workers)
        {
            worker.Start();
        }
    }

    /// <summary>The inflated size of segments [from, to), once they are done.</summary>
    public long InflatedLength(int from, int to)
    {
        long length = 0;
        for (var index = from; index < to; index++)
        {
            segments[index].Wait();
            length += segments[index].InflatedLength;
        }

        return length;
    }

    /// <summary>Writes segments [from, to) as one zlib stream, each as soon as it is done; returns the bytes written.</summary>
    /// <remarks>A segment's failure is rethrown here, the first in stream order.</remarks>
    public long WriteStream(Stream output, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Header);
        long written = Header.Length;
        var checksum = 1u;
        for (var index = from; index < to; index++)
        {
            var segment = segments[index];
            if (!segment.IsDone)
            {
                // What is written meanwhile goes to disk while this waits (see WritebackStream).
                output.Flush();
            }

            segment.Wait();
            segment.WriteDeflated(output);
            written += segment.DeflatedLength;
            checksum = Adler32.Combine(checksum, segment.Checksum, segment.InflatedLength);
            if (!segment.WasDeflatedBefore)
            {
                ahead.Release();
            }
        }

        Span<byte> end = stackalloc byte[FinalBlock.Length + 4];
        FinalBlock.CopyTo(end);
        BinaryPrimitives.WriteUInt32BigEndian(end[FinalBlock.Length..], checksum);
        output.Write(end);
        return written + end.Length;
    }

    /// <summary>Stops the workers after the segments they are on (all of them, when everything was written).</summary>
    public void Dispose()
    {
        stopping = true;
        ahead.Release(workers.Length);
        foreach (var worker in workers)
        {
            if (worker.IsAlive)
            {
                worker.Join();
            }
        }

        ahead.Dispose();
        foreach (var segment in segments)
        {
            segment.Dispose();
        }
    }

    /// <summary>
    /// Encodes with <paramref name="encode"/> and deflates onto <paramref name="output"/>, up to a
    /// sync flush; returns the inflated length, the deflated length and the Adler-32, which zlib
    /// sums as it takes the content in (<see cref="ZlibUnwrapStream"/>).
    /// </summary>
    public static (long InflatedLength, long DeflatedLength, uint Checksum) Deflate(Action<MessagePackWriter> encode, SegmentCoding coding, Stream output)
    {
        if (coding == SegmentCoding.TimesInOrder)
        {
            return PrefixDeflate.Deflate(encode, output);
        }

        var unwrapped = new ZlibUnwrapStream(output);
        long inflatedLength;
        using (var zlib = new ZLibStream(unwrapped, CompressionLevel.Fastest, leaveOpen: true))
        {
            using (var writer = new MessagePackWriter(zlib))
            {
                encode(writer);
                writer.Flush();
                inflatedLength = writer.BytesWritten;
            }

            zlib.Flush(); // a sync flush: byte aligned, not final
            unwrapped.EndSegment();
        }

        return (inflatedLength, unwrapped.Length, unwrapped.Checksum);
    }

    private void Work()
    {
        while (true)
        {
            ahead.Wait();
            int index;
            do
            {
                // Segments deflated before take no turn of the workers, nor count among those ahead.
                index = Interlocked.Increment(ref taken);
            }
            while (index < segments.Length && segments[index].WasDeflatedBefore);

            if (stopping || index >= segments.Length)
            {
                ahead.Release();
                return;
            }

            segments[index].Deflate();
        }
    }

    private sealed class Segment : IDisposable
    {
        private readonly Action<MessagePackWriter>? encode;
        private readonly SegmentCoding coding;
        private readonly ManualResetEventSlim done = new();
        private ChunkedBuffer? deflated;
        private byte[]? deflatedBefore;
        private ExceptionDispatchInfo? failure;

        public Segment(StreamSegment source)
        {
            encode = source.Encode;
            coding = source.Coding;
            if (source.Deflated is { } before)
            {
                deflatedBefore = before.Bytes;
                InflatedLength = before.InflatedLength;
                DeflatedLength = before.Bytes.Length;
                Checksum = before.Checksum;
                WasDeflatedBefore = true;
                done.Set();
            }
        }

        public bool WasDeflatedBefore { get; }

        public bool IsDone => done.IsSet;

        public long InflatedLength { get; private set; }

        public long DeflatedLength { get; private set; }

        public uint Checksum { get; private set; } = 1;

        public void Deflate()
        {
            try
            {
                var buffer = new ChunkedBuffer();
                (InflatedLength, DeflatedLength, Checksum) = ParallelZlib.Deflate(encode!, coding, buffer);
                deflated = buffer;
            }
            catch (Exception e)
            {
                // Handed over as it is, to be rethrown on the writing thread in stream order.
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                done.Set();
            }
        }

        public void Wait()
        {
            done.Wait();
            failure?.Throw();
        }

        public void WriteDeflated(Stream output)
        {
            if (deflatedBefore is not null)
            {
                output.Write(deflatedBefore);
            }
            else
            {
                deflated!.WriteTo(output, DeflatedLength);
                deflated.Release();
            }

            // Written: its memory can go.
            deflated = null;
            deflatedBefore = null;
        }

        public void Dispose()
        {
            deflated?.Release();
            done.Dispose();
        }
    }
}
