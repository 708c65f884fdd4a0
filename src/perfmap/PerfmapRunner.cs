using Perfwhiz.Analyses;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Dashboards;
using Perfwhiz.Reports;
using Perfwhiz.Reports.Json;

namespace Perfwhiz.Perfmap;

/// <summary>What perfmap does once its options are parsed: load, select, analyse, write.</summary>
public static class PerfmapRunner
{
    public static ExitCode Run(PerfmapOptions options, TextWriter output, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (options.OutputDir is not null && !Directory.Exists(options.OutputDir))
        {
            throw new PerfwhizException($"invalid output directory: {options.OutputDir}");
        }

        if (options.Heatmaps && options.CdictFiles.Count != 1)
        {
            throw new PerfwhizException("--heatmaps takes exactly one cdict file");
        }

        var runs = RunLoader.Load(options, output, cancellation);
        if (options.List)
        {
            TextReports.PrintTaskList(output, runs);
            return ExitCode.Success;
        }

        if (options.SuccessorsOf is not null)
        {
            TextReports.PrintSuccessors(output, runs, options.SuccessorsOf, Label(options, runs));
            return ExitCode.Success;
        }

        if (options.Task is null)
        {
            throw new PerfwhizException("--task <task_regex> is required (or --list to see the tasks)");
        }

        var filter = TaskFilter.Parse(options.Task);
        var selected = runs.Select(run => TaskSelection.Select(run, filter)).ToList();
        if (selected.All(keys => !keys.Contains(true)))
        {
            var closest = TaskSelection.Closest(runs.SelectMany(run => run.Keys.Keys.Select(run.Keys.Name)), options.Task);
            throw new PerfwhizException($"no task matches '{filter.Text}'; closest task names: {string.Join(", ", closest)}");
        }

        cancellation.ThrowIfCancellationRequested();
        var document = DashboardBuilder.Build(runs, selected, options.Heatmaps, Label(options, runs), filter.Text);
        if (options.Json is not null)
        {
            DashboardJson.WriteFile(options.Json, document);
            output.WriteLine($"Saved to {options.Json} ({new FileInfo(options.Json).Length / 1000:N0} Kbytes)");
            return ExitCode.Success;
        }

        var chartType = options.Heatmaps ? "heatmaps" : "charts";
        var html = OutputNames.For(options.CdictFiles, options.Label, options.OutputDir, chartType, filter.Text);
        DashboardPage.WriteFile(html, document);
        output.WriteLine($"Saved to {html} ({new FileInfo(html).Length / 1000:N0} Kbytes)");
        if (!options.Headless)
        {
            BrowserLauncher.Open(html, output);
        }

        return ExitCode.Success;
    }

    private static string Label(PerfmapOptions options, IReadOnlyList<Run> runs) =>
        options.Label ?? (runs.Count > 1 ? "diff" : Path.GetFileNameWithoutExtension(options.CdictFiles[0]));
}
