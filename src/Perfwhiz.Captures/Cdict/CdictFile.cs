// The cdict file: [zlib stream 1][zlib stream 2][16-byte footer].
//
// Stream 1 is exactly what the original perfwhiz wrote, zlib.compress(msgpack.packb(d)): a map of
// 8 equal-length arrays, one row per event:
//   event      str: sched__sched_switch, sched__sched_stat_sleep, sched__sched_stat_iowait, kvm_exit, kvm_entry
//   cpu        int
//   usecs      µs since the first event; perfwhiz writes float64 (ns / 1000.0, exact to the ns below
//              about 50 days), the original wrote ints
//   pid        int
//   task_name  str (switch: the task switched out)
//   duration   µs, like usecs
//   next_pid   switch: pid switched in; sleep/iowait: 0; kvm rows: nil
//   next_comm  switch: name of the task switched in; kvm_exit: exit reason code (uint); otherwise nil
// Readers of the original format (msgpack.unpackb(zlib.decompress(data))) stop at the end of
// stream 1 and never see the rest. perfwhiz reads str and bin alike, and ints or floats for times.
//
// Stream 2, written by perfwhiz only, is a map (keys all written but event_prev_state when not
// recorded; unknown keys skipped on read):
//   format_version             int: 1
//   column_stream_bytes        int: inflated size of stream 1, so that it can be inflated on another
//                              thread while it is decoded
//   host, kernel, perf_version, arch, annotation_source
//                              str or nil
//   cpu_count                  int or nil
//   first_event_perf_clock_ns  int: perf clock (ns since boot) of the first event
//   duration_ns                int
//   kept_per_event             map: tracepoint name -> rows kept
//   dropped_per_event          map: tracepoint name (with reason) -> samples dropped
//   lost_events                int
//   lost_ranges                array of [start_ns, end_ns]
//   warnings                   array of str
//   exit_reason_names          array of [code (uint), name (str)]
//   wakeups                    map of equal-length arrays: kind (str: sched_waking, sched_wakeup,
//                              sched_wakeup_new), time_ns (int), cpu (int), pid (int),
//                              task_name (str), target_cpu (int)
//   event_prev_state           array of int, one per row of stream 1: the switched-out task's
//                              prev_state on switch rows, 0 elsewhere; absent when not recorded
//
// Footer: u64 little-endian length of stream 2, then the 8 ASCII bytes "PWHZEXT1". A file without
// it is an original cdict: format version 0, no wakeups, no prev_state.
using System.Buffers.Binary;
using System.IO.Compression;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>Reads and writes .cdict files (layout at the top of this file).</summary>
public static class CdictFile
{
    private const int FooterSize = 16;

    // Header, an empty final block and the checksum.
    private const int MinZlibStreamLength = 8;

    private static ReadOnlySpan<byte> FooterMagic => "PWHZEXT1"u8;

    /// <summary>Writes <paramref name="capture"/> to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, Capture capture) => AtomicFile.Write(path, stream => Write(stream, capture));

    /// <summary>Writes <paramref name="capture"/> to a stream, seekable or not, and leaves it open.</summary>
    /// <remarks>
    /// Compresses with <see cref="CompressionLevel.Fastest"/>: for 1.24M rows Optimal makes the
    /// file 21% smaller (10.0 MB instead of 12.6) but takes 3 times as long (~530 ms instead of
    /// ~170), and reading is no faster. Both streams are encoded and deflated in segments on every
    /// core (see <see cref="ParallelZlib"/>): they inflate to the same bytes as one writer's. The
    /// columns a conversion deflated early (<see cref="Capture.EarlyColumns"/>) are joined as they are.
    /// </remarks>
    public static void Write(Stream output, Capture capture)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(capture);
        if (!capture.Wakeups.HasCpus)
        {
            throw new ArgumentException("a capture read without its wakeups' CPUs (CaptureColumns.WithoutWakeupCpus) cannot be written: the file would lose them", nameof(capture));
        }

        var events = new CdictSegments();
        CdictEvents.AddTo(events, capture.Events, capture.Names, capture.EarlyColumns);
        var eventSegments = events.ToList();
        ParallelZlib? zlib = null;
        var extension = new CdictSegments();
        // The extension announces the events' inflated size: its first segment waits for theirs.
        CdictExtension.AddTo(extension, capture, () => zlib!.InflatedLength(0, eventSegments.Count), capture.Names);
        using (zlib = new ParallelZlib([.. eventSegments, .. extension.ToList()]))
        {
            zlib.Start();
            zlib.WriteStream(output, 0, eventSegments.Count);
            // The footer follows the extension, so its length is known by then and output need not be seekable.
            var extensionLength = zlib.WriteStream(output, eventSegments.Count, zlib.SegmentCount);
            Span<byte> footer = stackalloc byte[FooterSize];
            BinaryPrimitives.WriteUInt64LittleEndian(footer, (ulong)extensionLength);
            FooterMagic.CopyTo(footer[8..]);
            output.Write(footer);
        }
    }

    /// <param name="columns">Which columns to keep: every one unless told (the others are still checked).</param>
    public static Capture Read(string path, CaptureColumns columns = CaptureColumns.All)
    {
        using var file = Open(path);
        return Read(file, path, columns);
    }

    /// <summary>Reads a cdict held in memory; <paramref name="name"/> stands for the file in error messages.</summary>
    public static Capture Read(byte[] data, string name, CaptureColumns columns = CaptureColumns.All)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var bytes = new CdictBytes.InMemory(data, data.Length);
        return Read(bytes, name, columns);
    }

    private static Capture Read(CdictBytes data, string name, CaptureColumns columns)
    {
        var interner = new TaskNames();
        var info = new CaptureInfo();
        var length = data.Length;
        Span<byte> footer = stackalloc byte[FooterSize];
        if (length >= FooterSize)
        {
            data.ReadAt(length - FooterSize, footer);
        }

        if (length < FooterSize || !footer[^FooterMagic.Length..].SequenceEqual(FooterMagic))
        {
            var original = new EventStream(data, length, name);
            return new Capture(ReadEvents(original, announcedBytes: 0, () => null, interner, info), new WakeupTable(columns == CaptureColumns.All), info);
        }

        var extensionLength = BinaryPrimitives.ReadUInt64LittleEndian(footer);
        if (extensionLength > (ulong)(length - FooterSize))
        {
            throw new CdictFormatException($"{name}: the footer gives the extension stream {extensionLength} bytes but only {length - FooterSize} precede the footer");
        }

        var eventStreamLength = length - FooterSize - (int)extensionLength;
        CheckZlibHeader(data, eventStreamLength, (int)extensionLength, name, "extension stream");

        // The two streams are read at once, on two cores: the extension (metadata, wakeups) with
        // task names of its own, merged afterwards, and the events as soon as the extension has
        // told their inflated size.
        var extensionNames = new TaskNames();
        var announced = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A thread of its own, as the inflaters have: several files are read by pool threads that wait for it.
        var extension = Task.Factory.StartNew(
            () => ReadExtension(data, eventStreamLength, (int)extensionLength, name, info, extensionNames, columns, announced),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        EventTable table;
        try
        {
            var eventStream = new EventStream(data, eventStreamLength, name);
            var inflatedBytes = announced.Task.GetAwaiter().GetResult();
            int[]? PrevStates() => extension.GetAwaiter().GetResult().PrevStates;
            table = ReadEvents(eventStream, inflatedBytes, PrevStates, interner, info);
        }
        catch
        {
            // The extension reads the same buffer, which must outlive it; its error, the first in
            // the order the streams used to be read, wins.
            extension.GetAwaiter().GetResult();
            throw;
        }

        var wakeups = extension.GetAwaiter().GetResult().Wakeups;
        RenameInto(wakeups, extensionNames, interner);
        return new Capture(table, wakeups, info);
    }

    private static (WakeupTable Wakeups, int[]? PrevStates) ReadExtension(
        CdictBytes data, int offset, int count, string name, CaptureInfo info, TaskNames names, CaptureColumns columns, TaskCompletionSource<long> announced)
    {
        try
        {
            using var extension = new BackgroundInflater(data.Open(offset, count), count, announcedLength: null, name, "extension stream");
            var reader = new MessagePackReader(extension, $"{name} (extension)");
            var wakeups = CdictExtension.Read(ref reader, count, info, names, columns, out var extras, bytes => announced.TrySetResult(bytes));
            EnsureAtEnd(reader);
            extension.Finish();
            announced.TrySetResult(extras.InflatedBytes);
            return (wakeups, extras.PrevStates);
        }
        catch (Exception e)
        {
            announced.TrySetException(e);
            throw;
        }
    }

    /// <summary>Gives the wakeups the capture's own name indexes instead of the extension's.</summary>
    private static void RenameInto(WakeupTable wakeups, TaskNames wakeupNames, TaskNames names)
    {
        var renamed = new int[wakeupNames.Count];
        for (var task = 0; task < renamed.Length; task++)
        {
            renamed[task] = names.Intern(wakeupNames[task]);
        }

        var tasks = wakeups.Task.AsSpan(0, wakeups.Count);
        foreach (ref var task in tasks)
        {
            if (task != EventTable.NoTask)
            {
                task = renamed[task];
            }
        }
    }

    /// <summary>
    /// Decodes the event stream while it is inflated on a worker thread, so that memory follows
    /// what is decoded and damage is refused as soon as it is reached. perfwhiz's own cdicts
    /// announce the inflated size (0: not announced), which the stream must then inflate to exactly.
    /// </summary>
    private static EventTable ReadEvents(EventStream stream, long announcedBytes, Func<int[]?> prevStates, TaskNames interner, CaptureInfo info)
    {
        CheckZlibHeader(stream.Bytes, 0, stream.Length, stream.Name, "event stream");
        var inflatable = BackgroundInflater.MaxInflatedLength(stream.Length);
        if (announcedBytes > inflatable)
        {
            throw new CdictFormatException($"{stream.Name}: the extension announces {announcedBytes} bytes for an event stream that cannot inflate to more than {inflatable}");
        }

        // An original cdict is one zlib stream, whose checksum must end the file (see CheckChecksumEndsTheFile).
        var isWholeFile = stream.Length == stream.Bytes.Length;
        using var inflater = new BackgroundInflater(stream.Bytes.Open(0, stream.Length), stream.Length, announcedBytes > 0 ? (int)announcedBytes : null, stream.Name, "event stream", isWholeFile);
        var reader = new MessagePackReader(inflater, $"{stream.Name} (events)");
        var table = CdictEvents.Read(ref reader, stream.Length, interner, info, prevStates);
        EnsureAtEnd(reader);
        inflater.Finish();
        if (isWholeFile)
        {
            CheckChecksumEndsTheFile(stream, inflater.Checksum);
        }

        return table;
    }

    private static CdictBytes.InFile Open(string path)
    {
        try
        {
            return new CdictBytes.InFile(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PerfwhizException($"cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// zlib checks its checksum only when it reaches it: a stream cut off inside the checksum just
    /// ends, and a perfwhiz cdict whose footer was cut off looks like an original one followed by
    /// unknown data. An original cdict is one zlib stream, so its last 4 bytes are the checksum.
    /// </summary>
    private static void CheckChecksumEndsTheFile(EventStream stream, uint inflatedChecksum)
    {
        Span<byte> checksum = stackalloc byte[4];
        if (stream.Length >= MinZlibStreamLength)
        {
            stream.Bytes.ReadAt(stream.Length - 4, checksum);
        }

        if (stream.Length < MinZlibStreamLength || BinaryPrimitives.ReadUInt32BigEndian(checksum) != inflatedChecksum)
        {
            throw new CdictFormatException($"{stream.Name}: the event stream is cut short or followed by unknown data");
        }
    }

    private static void CheckZlibHeader(CdictBytes data, int offset, int count, string name, string what)
    {
        Span<byte> header = stackalloc byte[2];
        if (count >= 2)
        {
            data.ReadAt(offset, header);
        }

        if (count < 2 || !IsZlibHeader(header[0], header[1]))
        {
            throw new CdictFormatException($"{name}: the {what} is not zlib data, so this is not a cdict");
        }
    }

    /// <summary>RFC 1950 header: deflate method, a valid check value and no preset dictionary.</summary>
    private static bool IsZlibHeader(byte cmf, byte flg) =>
        (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && (flg & 0x20) == 0 && ((cmf << 8) | flg) % 31 == 0;

    private static void EnsureAtEnd(MessagePackReader reader)
    {
        if (!reader.IsAtEnd)
        {
            throw reader.Invalid("unexpected data after the map", reader.Position);
        }
    }
}
