using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Deflates the cdict columns no task name changes (<see cref="EarlyColumn"/>) while a capture is
/// still assembled, a run of rows at a time, by the assembling thread itself whenever it has no
/// records waiting (<see cref="TryDeflateRun"/>), so that writing the cdict later has only the rest
/// to deflate. Rows are only ever appended to the tables and their name-free fields never
/// rewritten, so a run of rows is final once added. Times are written relative to the first row's
/// time as it was when the first run was deflated; should the capture's origin turn out earlier (a
/// late event), the time columns are left to the final write.
/// </summary>
/// <remarks>
/// Done on the assembling thread, not a thread of its own: a third thread (at idle priority) on
/// two cores drew the reading and assembling threads onto one core, where they took turns.
/// Runs are short (a few hundred µs) so that the records sent meanwhile wait in the pipeline
/// instead of stopping the reading thread. The owner ends with <see cref="Finish"/> before it
/// changes any row (times are shifted to the origin then).
/// </remarks>
public sealed class EarlyColumnDeflater : IDisposable
{
    /// <summary>Rows per run: short enough to deflate while the pipeline holds what the reading thread sends meanwhile, long enough that a run's own deflate start and sync flush cost little.</summary>
    public const int DefaultRowsPerRun = 1 << 13;

    private static readonly int ColumnCount = Enum.GetValues<EarlyColumn>().Length;

    private readonly EventTable events;
    private readonly WakeupTable wakeups;
    private readonly int rowsPerRun;
    private readonly List<DeflatedSegment>[] runs;
    private readonly MemoryStream scratch = new();
    private long? origin;

    public EarlyColumnDeflater(EventTable events, WakeupTable wakeups, int rowsPerRun = DefaultRowsPerRun)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerRun);
        this.events = events;
        this.wakeups = wakeups;
        this.rowsPerRun = rowsPerRun;
        runs = [.. Enumerable.Range(0, ColumnCount).Select(_ => new List<DeflatedSegment>())];
    }

    /// <summary>
    /// Deflates the next run of the column furthest behind, if one is whole; false when none is.
    /// <paramref name="firstRowTime"/> is the earliest row time so far, as the rows hold times: the first run fixes the time columns' origin with it.
    /// </summary>
    public bool TryDeflateRun(long firstRowTime)
    {
        var column = NextRun();
        if (column < 0)
        {
            return false;
        }

        origin ??= firstRowTime;
        var early = (EarlyColumn)column;
        var writeRows = IsEventColumn(column)
            ? NameFreeColumns.Event(early, events, origin.Value)
            : NameFreeColumns.Wakeup(early, wakeups, origin.Value);
        var from = runs[column].Count * rowsPerRun;
        runs[column].Add(DeflatedSegment.Deflate(writer => writeRows(writer, from, from + rowsPerRun), NameFreeColumns.CodingOf(early), scratch));
        return true;
    }

    /// <summary>
    /// Ends the deflate and returns the runs deflated, the time columns' only if
    /// <paramref name="captureOrigin"/> (as the rows hold times) is the origin they were written with; null when none.
    /// </summary>
    public EarlyColumns? Finish(long captureOrigin)
    {
        if (origin is not { } assumed)
        {
            return null;
        }

        var done = new IReadOnlyList<DeflatedSegment>[ColumnCount];
        for (var column = 0; column < ColumnCount; column++)
        {
            done[column] = runs[column];
        }

        if (assumed != captureOrigin)
        {
            done[(int)EarlyColumn.EventUsecs] = [];
            done[(int)EarlyColumn.WakeupTime] = [];
        }

        return new EarlyColumns(rowsPerRun, done);
    }

    public void Dispose() => scratch.Dispose();

    // EarlyColumn lists the event table's columns first.
    private static bool IsEventColumn(int column) => column < NameFreeColumns.OfEvents.Length;

    /// <summary>The column furthest behind among those with a whole run not deflated yet; -1: none.</summary>
    private int NextRun()
    {
        var found = -1;
        for (var column = 0; column < ColumnCount; column++)
        {
            var rows = IsEventColumn(column) ? events.Count : wakeups.Count;
            if (rows - (runs[column].Count * rowsPerRun) >= rowsPerRun && (found < 0 || runs[column].Count < runs[found].Count))
            {
                found = column;
            }
        }

        return found;
    }
}
