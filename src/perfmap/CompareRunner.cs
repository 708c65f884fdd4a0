using Perfwhiz.Analyses.Comparison;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Reports.Comparison;

namespace Perfwhiz.Perfmap;

/// <summary>
/// <c>perfmap --compare</c>: the first run is the base; each other run's selected tasks are matched
/// by name and compared with it; the table goes to the output (or the JSON to --json), and a row
/// that crosses a --fail-if condition while worse makes the exit code <see cref="ExitCode.Regression"/>.
/// </summary>
public static class CompareRunner
{
    public static ExitCode Run(PerfmapOptions options, IReadOnlyList<string> failIf, ComparisonSettings settings, TextWriter output, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(failIf);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var conditions = failIf.Select(FailCondition.Parse).ToList();
        var runs = RunLoader.Load(options, output, RunNeeds.Comparison, cancellation);
        var filter = TaskFilter.Parse(options.Task ?? ".*");
        var selected = runs.Select(run => TaskSelection.Select(run, filter)).ToList();
        if (selected.All(keys => !keys.Contains(true)))
        {
            var closest = TaskSelection.Closest(runs.SelectMany(run => run.Keys.Keys.Select(run.Keys.Name)), filter.Text);
            throw new PerfwhizException($"no task matches '{filter.Text}'; closest task names: {string.Join(", ", closest)}");
        }

        var report = ComparisonReport.Compute(runs, selected, settings, conditions, cancellation);
        if (options.Json is not null)
        {
            ComparisonJson.WriteFile(options.Json, ComparisonJson.ToDocument(report, failIf));
            output.WriteLine($"Saved to {options.Json} ({new FileInfo(options.Json).Length / 1000:N0} Kbytes)");
        }
        else
        {
            ComparisonMarkdown.Write(output, report);
        }

        return report.Failed ? ExitCode.Regression : ExitCode.Success;
    }
}
