namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// A cdict stream as the segments <see cref="ParallelZlib"/> encodes and deflates on several
/// cores: arrays are cut in runs of rows (so that the cores share the work, and only a few
/// segments are held at a time), and the small values before an array go with its first run.
/// </summary>
internal sealed class CdictSegments
{
    /// <summary>Rows per segment: a few MB of MessagePack, large enough that a segment's own deflate state and sync flush cost nothing.</summary>
    public const int RowsPerSegment = 1 << 19;

    private readonly List<Action<MessagePackWriter>> segments = [];
    private readonly List<Action<MessagePackWriter>> pending = [];

    /// <summary>The segments in stream order (the small values added last included).</summary>
    public IReadOnlyList<Action<MessagePackWriter>> ToList()
    {
        if (TakePending() is { } rest)
        {
            segments.Add(rest);
        }

        return segments;
    }

    /// <summary>Adds a small value (a key, a map header, a number): it goes out with what follows.</summary>
    public void Add(Action<MessagePackWriter> write) => pending.Add(write);

    /// <summary>Adds an array of <paramref name="rows"/> values, written by <paramref name="writeRows"/>(writer, from, to) in runs.</summary>
    public void AddArray(int rows, Action<MessagePackWriter, int, int> writeRows)
    {
        var before = TakePending();
        var first = Math.Min(rows, RowsPerSegment);
        segments.Add(writer =>
        {
            before?.Invoke(writer);
            writer.WriteArrayHeader(rows);
            writeRows(writer, 0, first);
        });
        for (var from = first; from < rows; from += RowsPerSegment)
        {
            var start = from;
            segments.Add(writer => writeRows(writer, start, Math.Min(rows, start + RowsPerSegment)));
        }
    }

    /// <summary>Adds a map entry whose value is an array of <paramref name="rows"/> values (a column).</summary>
    public void AddColumn(string key, int rows, Action<MessagePackWriter, int, int> writeRows)
    {
        Add(writer => writer.WriteString(key));
        AddArray(rows, writeRows);
    }

    /// <summary>Adds a column of the first <paramref name="rows"/> values.</summary>
    public void AddInt32Column(string key, int[] values, int rows) =>
        AddColumn(key, rows, (writer, from, to) =>
        {
            foreach (var value in values.AsSpan(from, to - from))
            {
                writer.WriteInt64(value);
            }
        });

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
