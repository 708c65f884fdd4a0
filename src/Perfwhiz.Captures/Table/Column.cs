namespace Perfwhiz.Captures.Table;

/// <summary>Growth of the tables' column arrays.</summary>
internal static class Column
{
    /// <summary>A larger copy of a column; the new tail is not cleared (rows are always written before read).</summary>
    public static T[] Resize<T>(T[] column, int capacity)
        where T : unmanaged
    {
        var resized = HugePages.Allocate<T>(capacity);
        column.AsSpan().CopyTo(resized);
        return resized;
    }
}
