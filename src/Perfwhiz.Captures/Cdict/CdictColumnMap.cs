namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Walks a MessagePack map of equal-length column arrays (the cdict's main map, the wakeups map)
/// whose keys may come in any order. The caller decodes the values of each column it is handed;
/// this class checks keys, duplicates, lengths and missing columns and skips unknown keys.
/// </summary>
internal sealed class CdictColumnMap
{
    private readonly string[] columnNames;
    private readonly string what;
    private readonly bool[] seen;
    private readonly List<string> lengths = [];
    private bool unequal;

    /// <param name="columnNames">The columns the map must hold.</param>
    /// <param name="what">Names the map in errors, e.g. "the wakeups map".</param>
    public CdictColumnMap(string[] columnNames, string what)
    {
        this.columnNames = columnNames;
        this.what = what;
        seen = new bool[columnNames.Length];
    }

    /// <summary>Length of the first column read; -1 before.</summary>
    public int Rows { get; private set; } = -1;

    public int ReadHeader(ref MessagePackReader reader) => reader.ReadMapHeader($"{what} (a map of columns)");

    /// <summary>
    /// Reads the next key and its array header. Returns the column's index with the reader on its
    /// first value, or -1 when the entry was skipped (unknown key, or lengths already differ).
    /// </summary>
    public int ReadColumnStart(ref MessagePackReader reader)
    {
        var keyStart = reader.Position;
        var key = reader.ReadString($"a column name in {what}");
        var column = Array.IndexOf(columnNames, key);
        if (column < 0)
        {
            reader.Skip();
            return -1;
        }

        if (seen[column])
        {
            throw reader.Invalid($"column '{key}' appears twice in {what}", keyStart);
        }

        seen[column] = true;
        var length = reader.ReadArrayHeader($"an array for column '{key}'");
        lengths.Add($"{key} {length}");
        if (Rows < 0)
        {
            Rows = length;
        }

        unequal |= length != Rows;
        if (!unequal)
        {
            return column;
        }

        // Keep walking so the error can list every column's length.
        for (var i = 0; i < length; i++)
        {
            reader.Skip();
        }

        return -1;
    }

    /// <summary>Throws when columns differ in length or are missing; returns the row count.</summary>
    public int Finish(MessagePackReader reader)
    {
        if (unequal)
        {
            throw new CdictFormatException($"{reader.Source}: columns of {what} have unequal lengths: {string.Join(", ", lengths)}");
        }

        var missing = columnNames.Where((_, column) => !seen[column]).ToList();
        if (missing.Count > 0)
        {
            throw new CdictFormatException($"{reader.Source}: {what} lacks column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}");
        }

        return Rows;
    }
}
