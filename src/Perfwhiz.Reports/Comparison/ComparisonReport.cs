using Perfwhiz.Analyses;
using Perfwhiz.Analyses.Comparison;
using Perfwhiz.Analyses.Selection;

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

    /// <summary>
    /// Compares each run after the first with the first, over the selected tasks: what
    /// <c>perfmap --compare</c> prints and the charts page of several runs shows. With
    /// <see cref="ComparisonSettings.Repeats"/> above 1, each set of that many runs after the first
    /// set with the first set.
    /// </summary>
    /// <param name="measured">Each run's waits of its selected tasks, when the caller measured them already (the charts page does, for its latency view).</param>
    public static ComparisonReport Compute(
        IReadOnlyList<Run> runs, IReadOnlyList<bool[]> selected, ComparisonSettings settings, IReadOnlyList<FailCondition> conditions, CancellationToken cancellation,
        IReadOnlyList<TaskWaits>? measured = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentNullException.ThrowIfNull(settings);
        if (runs.Count % settings.Repeats != 0 || runs.Count < 2 * settings.Repeats)
        {
            throw new ArgumentException($"{runs.Count} runs do not make sets of {settings.Repeats}, a base and at least one other", nameof(runs));
        }

        var sliced = new RunSlices[runs.Count];
        Parallel.For(0, runs.Count, new ParallelOptions { CancellationToken = cancellation }, i => sliced[i] = RunSlices.Build(runs[i], selected[i], settings.SliceNs, measured?[i]));
        var infos = runs.Select(run => run.Capture.Info).ToList();
        string ReasonName(uint code) => ExitReasonNames.Of(code, infos);
        var changes = settings.Repeats == 1
            ? sliced.Skip(1).Select(other => RunComparison.Compare(sliced[0], other, settings, ReasonName)).ToList()
            : sliced.Chunk(settings.Repeats).Skip(1).Select(others => RepeatedRunComparison.Compare(sliced[..settings.Repeats], others, settings, ReasonName)).ToList();
        cancellation.ThrowIfCancellationRequested();
        return Build(settings, changes, conditions);
    }

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
