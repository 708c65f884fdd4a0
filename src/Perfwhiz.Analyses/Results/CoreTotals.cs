namespace Perfwhiz.Analyses.Results;

/// <summary>
/// Run time and switches per selected task and core in one run. <see cref="HighestCore"/> is the
/// highest core any event of the capture names (−1 for none): the arrays of every task have one
/// entry per core up to it.
/// </summary>
public sealed record CoreTotals(int HighestCore, IReadOnlyList<TaskCoreTotals> Tasks);
