namespace Perfwhiz.Captures.Cdict;

/// <summary>The runs deflated early (<see cref="EarlyColumns"/>) of a column's first <see cref="Rows"/> rows; none by default.</summary>
internal readonly record struct DeflatedRows(IReadOnlyList<DeflatedSegment> Runs, int Rows);
