namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// A cdict stream as the segments <see cref="ParallelZlib"/> encodes and deflates on several
/// cores: arrays are cut in runs of rows (so that the cores share the work, and only a few
/// segments are held at a time), and the small values before an array go with its first run.
/// An array whose first rows were deflated early (<see cref="EarlyColumns"/>) has its header in a
/// small segment of its own, then those runs as they are, then the rest.
/// </summary>
internal sealed class CdictSegments
{
    /// <summary>Rows per segment: up to a MB of MessagePack, large enough that a segment's own deflate state and sync flush cost little, small enough that no one segment keeps a core busy long while the other waits for it (a 50 MB capture's 128K-row usecs segment took 13 ms, its .stats beside it).</summary>
    public const int RowsPerSegment = 1 << 15;

    private readonly List<StreamSegment> segments = [];
    private readonly List<Action<MessagePackWriter>> pending = [];

    /// <summary>The segments in stream order (the small values added last included).</summary>
    public IReadOnlyList<StreamSegment> ToList()
    {
        if (TakePending() is { } rest)
        {
            segments.Add(StreamSegment.Encoded(rest));
        }

        return segments;
    }

    /// <summary>Adds a small value (a key, a map header, a number): it goes out with what follows.</summary>
    public void Add(Action<MessagePackWriter> write) => pending.Add(write);

    /// <summary>
    /// Adds an array of <paramref name="rows"/> values, written by <paramref name="writeRows"/>(writer,
    /// from, to) in runs, but for the first rows deflated already (<paramref name="deflated"/>).
    /// </summary>
    public void AddArray(int rows, Action<MessagePackWriter, int, int> writeRows, DeflatedRows deflated = default, SegmentCoding coding = SegmentCoding.Fastest)
    {
        var before = TakePending();
        var deflatedRows = deflated.Rows;
        if (deflatedRows > rows)
        {
            throw new InvalidOperationException($"{deflatedRows} rows were deflated early, but the table holds {rows}");
        }

        if (deflatedRows > 0)
        {
            segments.Add(StreamSegment.Encoded(writer =>
            {
                before?.Invoke(writer);
                writer.WriteArrayHeader(rows);
            }));
            segments.AddRange(deflated.Runs.Select(StreamSegment.Of));
            AddRuns(deflatedRows, rows, writeRows, coding);
            return;
        }

        var first = Math.Min(rows, RowsPerSegment);
        segments.Add(StreamSegment.Encoded(writer =>
        {
            before?.Invoke(writer);
            writer.WriteArrayHeader(rows);
            writeRows(writer, 0, first);
        }, coding));
        AddRuns(first, rows, writeRows, coding);
    }

    /// <summary>Adds a map entry whose value is an array of <paramref name="rows"/> values (a column).</summary>
    public void AddColumn(string key, int rows, Action<MessagePackWriter, int, int> writeRows, DeflatedRows deflated = default, SegmentCoding coding = SegmentCoding.Fastest)
    {
        Add(writer => writer.WriteString(key));
        AddArray(rows, writeRows, deflated, coding);
    }

    /// <summary>Rows [from, rows) in segments of <see cref="RowsPerSegment"/>.</summary>
    private void AddRuns(int from, int rows, Action<MessagePackWriter, int, int> writeRows, SegmentCoding coding)
    {
        for (var start = from; start < rows; start += RowsPerSegment)
        {
            var runStart = start;
            segments.Add(StreamSegment.Encoded(writer => writeRows(writer, runStart, Math.Min(rows, runStart + RowsPerSegment)), coding));
        }
    }

    /// <summary>The small values added since the last array, as one writer (null when none).</summary>
    private Action<MessagePackWriter>? TakePending()
    {
        if (pending.Count == 0)
        {
            return null;
        }

        Action<MessagePackWriter>[] writes = [.. pending];
        pending.Clear();
        void WriteAll(MessagePackWriter writer)
        {
            foreach (var write in writes)
            {
                write(writer);
            }
        }

        return WriteAll;
    }
}
