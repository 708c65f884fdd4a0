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
/// disposes it on every path. The owner never waits for the idle thread, which on a busy machine
/// may not run for a long time: they share no lock, what each hands the other is published whole,
/// and <see cref="Finish"/> takes the runs done by then (the one the thread is on is dropped).
/// </remarks>
public sealed class EarlyColumnDeflater : IDisposable
{
    /// <summary>Rows per run: small enough that a 50 MB capture has runs to deflate early, large enough that a run's own deflate start and sync flush cost little.</summary>
    public const int DefaultRowsPerRun = 1 << 15;

    // How long the thread sleeps when no whole run is handed over.
    private const int PollMilliseconds = 1;

    private static readonly int ColumnCount = Enum.GetValues<EarlyColumn>().Length;

    private readonly EventTable events;
    private readonly WakeupTable wakeups;
    private readonly int rowsPerRun;

    // Each column's runs, replaced whole by the thread (the only writer) as each run is done.
    private readonly DeflatedSegment[][] runs;
    private HandedOver? handedOver;
    private int eventsDue;
    private int wakeupsDue;
    private long? origin;
    private Thread? thread;
    private volatile bool stopping;
    private volatile ExceptionDispatchInfo? failure;

    public EarlyColumnDeflater(EventTable events, WakeupTable wakeups, int rowsPerRun = DefaultRowsPerRun)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerRun);
        this.events = events;
        this.wakeups = wakeups;
        this.rowsPerRun = rowsPerRun;
        eventsDue = rowsPerRun;
        wakeupsDue = rowsPerRun;
        runs = [.. Enumerable.Range(0, ColumnCount).Select(_ => Array.Empty<DeflatedSegment>())];
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
    /// Stops the deflate and returns the runs deflated by now, the time columns' only if
    /// <paramref name="captureOrigin"/> is the origin they were written with; null when none.
    /// </summary>
    public EarlyColumns? Finish(long captureOrigin)
    {
        stopping = true;
        failure?.Throw();
        if (origin is not { } assumed)
        {
            return null;
        }

        // Every run published by now was encoded before the owner changes any row: after this returns.
        var done = new IReadOnlyList<DeflatedSegment>[ColumnCount];
        for (var column = 0; column < ColumnCount; column++)
        {
            done[column] = Volatile.Read(ref runs[column]);
        }

        if (assumed != captureOrigin)
        {
            done[(int)EarlyColumn.EventUsecs] = [];
            done[(int)EarlyColumn.WakeupTime] = [];
        }

        return new EarlyColumns(rowsPerRun, done);
    }

    public void Dispose() => stopping = true;

    /// <summary>Waits until every whole run handed over is deflated, so that <see cref="Finish"/> returns all of them (for tests: a conversion must not wait).</summary>
    internal void Drain()
    {
        while (thread is not null && failure is null && !stopping && NextRun(Volatile.Read(ref handedOver)!) >= 0)
        {
            Thread.Sleep(PollMilliseconds);
        }
    }

    private void HandOver(long firstRowTime)
    {
        origin ??= firstRowTime;
        var last = handedOver;
        var writers = last is null ? new Action<MessagePackWriter, int, int>?[ColumnCount] : [.. last.Writers];
        int[] rows = last is null ? new int[ColumnCount] : [.. last.Rows];
        if (events.Count >= eventsDue)
        {
            foreach (var column in NameFreeColumns.OfEvents)
            {
                writers[(int)column] = NameFreeColumns.Event(column, events, origin.Value);
                rows[(int)column] = events.Count;
            }

            eventsDue = events.Count + rowsPerRun;
        }

        if (wakeups.Count >= wakeupsDue)
        {
            foreach (var column in NameFreeColumns.OfWakeups)
            {
                writers[(int)column] = NameFreeColumns.Wakeup(column, wakeups, origin.Value);
                rows[(int)column] = wakeups.Count;
            }

            wakeupsDue = wakeups.Count + rowsPerRun;
        }

        Volatile.Write(ref handedOver, new HandedOver(writers, rows));
        if (thread is null)
        {
            thread = new Thread(Deflate) { IsBackground = true, Name = "cdict early deflate" };
            thread.Start();
        }
    }

    private void Deflate()
    {
        IdlePriority.Enter();
        using var scratch = new MemoryStream();
        try
        {
            while (!stopping)
            {
                var state = Volatile.Read(ref handedOver)!;
                var column = NextRun(state);
                if (column < 0)
                {
                    Thread.Sleep(PollMilliseconds);
                    continue;
                }

                var writeRows = state.Writers[column]!;
                var from = runs[column].Length * rowsPerRun;
                var segment = DeflatedSegment.Deflate(writer => writeRows(writer, from, from + rowsPerRun), NameFreeColumns.CodingOf((EarlyColumn)column), scratch);
                Volatile.Write(ref runs[column], [.. runs[column], segment]);
            }
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e); // rethrown by Finish, on the owner's thread
        }
    }

    /// <summary>The column furthest behind among those with a whole run handed over and not deflated yet; -1: none.</summary>
    private int NextRun(HandedOver state)
    {
        var found = -1;
        for (var column = 0; column < ColumnCount; column++)
        {
            var done = Volatile.Read(ref runs[column]).Length * rowsPerRun;
            if (state.Rows[column] - done >= rowsPerRun && (found < 0 || done < runs[found].Length * rowsPerRun))
            {
                found = column;
            }
        }

        return found;
    }

    /// <summary>What the owner handed over, published whole: each column's writer over its table's arrays, and how many rows they hold.</summary>
    private sealed record HandedOver(Action<MessagePackWriter, int, int>?[] Writers, int[] Rows);
}
