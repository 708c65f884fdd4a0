namespace Perfwhiz.Reports.Text;

/// <summary>
/// A plain-text table: each column as wide as its widest cell, and a last column (a name) that is not
/// padded, so that no name, whatever its length or width on screen, can shift a column. Every cell
/// is made printable: a row stays one line.
/// </summary>
internal sealed class TextTable
{
    private const string Indent = "  ";
    private const string Gap = "  ";

    private readonly TextColumn[] columns;
    private readonly List<string[]?> rows = [];

    public TextTable(params TextColumn[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        this.columns = columns;
    }

    /// <summary>Adds a row, one cell per column.</summary>
    public void Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"{cells.Length} cells for {columns.Length} columns", nameof(cells));
        }

        rows.Add([.. cells.Select(TerminalText.Printable)]);
    }

    /// <summary>Adds a line of dashes under the padded columns, before a total.</summary>
    public void AddRule() => rows.Add(null);

    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var widths = new int[columns.Length - 1];
        for (var i = 0; i < widths.Length; i++)
        {
            widths[i] = rows.Aggregate(columns[i].Header.Length, (width, row) => Math.Max(width, row?[i].Length ?? 0));
        }

        WriteRow(output, [.. columns.Select(column => column.Header)], widths);
        foreach (var row in rows)
        {
            if (row is null)
            {
                output.Write(Indent);
                output.WriteLine(new string('-', widths.Sum() + (Gap.Length * widths.Length)));
            }
            else
            {
                WriteRow(output, row, widths);
            }
        }
    }

    private void WriteRow(TextWriter output, string[] cells, int[] widths)
    {
        output.Write(Indent);
        for (var i = 0; i < widths.Length; i++)
        {
            output.Write(columns[i].AlignLeft ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
            output.Write(Gap);
        }

        output.WriteLine(cells[^1]);
    }
}
