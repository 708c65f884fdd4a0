namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// The cdict columns that no task name changes, deflated in runs of rows while the capture was
/// still being converted (see <see cref="EarlyColumnDeflater"/>): <see cref="CdictFile"/> joins
/// these runs into its streams instead of deflating those rows again.
/// </summary>
public sealed class EarlyColumns
{
    private readonly IReadOnlyList<DeflatedSegment>[] runs;

    internal EarlyColumns(int rowsPerRun, IReadOnlyList<DeflatedSegment>[] runs)
    {
        RowsPerRun = rowsPerRun;
        this.runs = runs;
    }

    internal int RowsPerRun { get; }

    /// <summary>The first rows of <paramref name="column"/> deflated in <paramref name="early"/> (none when it is null).</summary>
    internal static DeflatedRows Of(EarlyColumns? early, EarlyColumn column) =>
        early is null ? default : new DeflatedRows(early.runs[(int)column], early.runs[(int)column].Count * early.RowsPerRun);
}
