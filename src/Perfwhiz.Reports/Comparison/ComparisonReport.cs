using Perfwhiz.Analyses.Comparison;

namespace Perfwhiz.Reports.Comparison;

/// <summary>
/// Every run compared with the base run, with the CI gate applied: for each row the conditions it
/// fails. What the Markdown table, the JSON document and the exit code are made from.
/// </summary>
public sealed class ComparisonReport
{
    private ComparisonReport(ComparisonSettings settings, IReadOnlyList<RunChanges> runs, IReadOnlyList<IReadOnlyList<string>[]> failures)
    {
        Settings = settings;
        Runs = runs;
        Failures = failures;
    }

    public ComparisonSettings Settings { get; }

    /// <summary>One comparison per run after the first (the base).</summary>
    public IReadOnlyList<RunChanges> Runs { get; }

    /// <summary>Per run, per row of its changes: the conditions the row fails.</summary>
    public IReadOnlyList<IReadOnlyList<string>[]> Failures { get; }

    public bool Failed => Failures.Any(rows => rows.Any(conditions => conditions.Count > 0));

    public static ComparisonReport Build(ComparisonSettings settings, IReadOnlyList<RunChanges> runs, IReadOnlyList<FailCondition> conditions)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(conditions);
        var failures = runs
            .Select(run => run.Changes.Select(change => (IReadOnlyList<string>)[.. conditions.Where(condition => condition.FailedBy(change)).Select(condition => condition.Text)]).ToArray())
            .ToList();
        return new ComparisonReport(settings, runs, failures);
    }
}
