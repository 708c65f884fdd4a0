using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Deflates the cdict columns no task name changes (<see cref="EarlyColumn"/>) while a capture is
/// still assembled, on a thread that runs only when a core would otherwise idle, so that writing
/// the cdict later has only the rest to deflate. Rows are only ever appended to the tables and
/// their name-free fields never rewritten, so a run of rows is final once added. Times are written
/// relative to the first row's time as it was when the first run was handed over; should the
/// capture's origin turn out earlier (a late event), the time columns are left to the final write.
/// </summary>
/// <remarks>
/// The table's owner reports rows with <see cref="RowsAdded"/> on its own thread, ends with
/// <see cref="Finish"/> before it changes any row (times are shifted to the origin then), and
/// disposes it on every path.
/// </remarks>
public sealed class EarlyColumnDeflater : IDisposable
{
    /// <summary>Rows per run: small enough that a 50 MB capture has runs to deflate early, large enough that a run's own deflate start and sync flush cost little.</summary>
    public const int DefaultRowsPerRun = 1 << 15;

    private static readonly int ColumnCount = Enum.GetValues<EarlyColumn>().Length;

    private readonly EventTable events;
    private readonly WakeupTable wakeups;
    private readonly int rowsPerRun;
    private readonly object gate = new();
    private readonly List<DeflatedSegment>[] runs;

    // Handed over under the gate: each column's writer over its table's arrays, and how many rows they hold.
    private readonly Action<MessagePackWriter, int, int>?[] writers;
    private readonly int[] handedOverRows;
    private int eventsDue;
    private int wakeupsDue;
    private long? origin;
    private Thread? thread;
    private bool stopping;
    private ExceptionDispatchInfo? failure;

    public EarlyColumnDeflater(EventTable events, WakeupTable wakeups, int rowsPerRun = DefaultRowsPerRun)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerRun);
        this.events = events;
        this.wakeups = wakeups;
        this.rowsPerRun = rowsPerRun;
        eventsDue = rowsPerRun;
        wakeupsDue = rowsPerRun;
        runs = [.. Enumerable.Range(0, ColumnCount).Select(_ => new List<DeflatedSegment>())];
        writers = new Action<MessagePackWriter, int, int>?[ColumnCount];
        handedOverRows = new int[ColumnCount];
    }

    /// <summary>Called by the tables' owner after it added rows; <paramref name="firstRowTime"/> is the earliest row time so far.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RowsAdded(long firstRowTime)
    {
        if (events.Count >= eventsDue || wakeups.Count >= wakeupsDue)
        {
            HandOver(firstRowTime);
        }
    }

    /// <summary>
    /// Stops the deflate (after the run it is on) and returns the runs deflated, the time columns'
    /// only if <paramref name="captureOrigin"/> is the origin they were written with; null when none.
    /// </summary>
    public EarlyColumns? Finish(long captureOrigin)
    {
        Stop();
        failure?.Throw();
        if (origin is not { } assumed)
        {
            return null;
        }

        if (assumed != captureOrigin)
        {
            runs[(int)EarlyColumn.EventUsecs].Clear();
            runs[(int)EarlyColumn.WakeupTime].Clear();
        }

        return new EarlyColumns(rowsPerRun, runs);
    }

    public void Dispose() => Stop();

    /// <summary>Waits until every whole run handed over is deflated, so that <see cref="Finish"/> returns all of them (for tests: it must not wait in a conversion).</summary>
    internal void Drain()
    {
        lock (gate)
        {
            while (thread is not null && failure is null && HasRun(out _))
            {
                Monitor.Wait(gate);
            }
        }
    }

    private void HandOver(long firstRowTime)
    {
        lock (gate)
        {
            origin ??= firstRowTime;
            if (events.Count >= eventsDue)
            {
                foreach (var column in NameFreeColumns.OfEvents)
                {
                    writers[(int)column] = NameFreeColumns.Event(column, events, origin.Value);
                    handedOverRows[(int)column] = events.Count;
                }

                eventsDue = events.Count + rowsPerRun;
            }

            if (wakeups.Count >= wakeupsDue)
            {
                foreach (var column in NameFreeColumns.OfWakeups)
                {
                    writers[(int)column] = NameFreeColumns.Wakeup(column, wakeups, origin.Value);
                    handedOverRows[(int)column] = wakeups.Count;
                }

                wakeupsDue = wakeups.Count + rowsPerRun;
            }

            Monitor.PulseAll(gate);
        }

        if (thread is null)
        {
            thread = new Thread(Deflate) { IsBackground = true, Name = "cdict early deflate" };
            thread.Start();
        }
    }

    private void Stop()
    {
        lock (gate)
        {
            stopping = true;
            Monitor.PulseAll(gate);
        }

        thread?.Join();
    }

    private void Deflate()
    {
        IdlePriority.Enter();
        using var scratch = new MemoryStream();
        try
        {
            while (NextRun() is var (column, writeRows, from))
            {
                var segment = DeflatedSegment.Deflate(writer => writeRows(writer, from, from + rowsPerRun), scratch);
                lock (gate)
                {
                    runs[(int)column].Add(segment);
                    Monitor.PulseAll(gate);
                }
            }
        }
        catch (Exception e)
        {
            // Rethrown by Finish, on the owner's thread.
            lock (gate)
            {
                failure = ExceptionDispatchInfo.Capture(e);
                Monitor.PulseAll(gate);
            }
        }
    }

    /// <summary>Waits for the next run to deflate; null once stopping.</summary>
    private (EarlyColumn Column, Action<MessagePackWriter, int, int> WriteRows, int From)? NextRun()
    {
        lock (gate)
        {
            while (!stopping)
            {
                if (HasRun(out var next))
                {
                    return (next, writers[(int)next]!, runs[(int)next].Count * rowsPerRun);
                }

                Monitor.Wait(gate);
            }

            return null;
        }
    }

    /// <summary>Whether a whole run is handed over and not deflated yet; <paramref name="next"/>: the column furthest behind among those. Under the gate.</summary>
    private bool HasRun(out EarlyColumn next)
    {
        var found = -1;
        for (var column = 0; column < ColumnCount; column++)
        {
            var done = runs[column].Count * rowsPerRun;
            if (handedOverRows[column] - done >= rowsPerRun && (found < 0 || done < runs[found].Count * rowsPerRun))
            {
                found = column;
            }
        }

        next = (EarlyColumn)Math.Max(found, 0);
        return found >= 0;
    }
}
