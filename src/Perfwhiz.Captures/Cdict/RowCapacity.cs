using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// How far a table's columns may grow before the next block of rows is decoded. A header's row
/// count is a claim, not data: a few kilobytes of zlib can claim a billion rows. The first block
/// holds at most a row per four compressed bytes (real cdicts hold about one per ten: the ×10
/// messaging capture has 1.3M rows in 17 MB, its 2M wakeups in 13 MB); later blocks double what
/// was actually decoded, so memory follows the rows that exist.
/// </summary>
internal static class RowCapacity
{
    private const int MinBlock = 1 << 16;

    /// <summary>The end of the next block of rows, from <paramref name="from"/>, of a column of <paramref name="rows"/>.</summary>
    /// <param name="compressedBytes">The size in the file of the stream that holds the column.</param>
    /// <param name="capacity">The rows the table holds already.</param>
    public static int Next(int from, int rows, int compressedBytes, int capacity)
    {
        var grown = from == 0 ? Math.Max(compressedBytes / 4, MinBlock) : 2L * from;
        return (int)Math.Min(rows, Math.Max(capacity, grown));
    }

    /// <summary>Grows a table to <paramref name="rows"/>; running out of memory is a user error (the rows are there, but too many for this machine).</summary>
    public static void Ensure(Action<int> ensureCapacity, int rows, string source)
    {
        try
        {
            ensureCapacity(rows);
        }
        catch (OutOfMemoryException e)
        {
            throw new PerfwhizException($"{source}: not enough memory for {rows} rows", e);
        }
    }

    /// <summary>A copy of <paramref name="array"/> with <paramref name="length"/> elements, as <see cref="Ensure"/> grows a table.</summary>
    public static T[] Resize<T>(T[] array, int length, string source)
        where T : unmanaged
    {
        Ensure(capacity => array = Column.Resize(array, capacity), length, source);
        return array;
    }
}
