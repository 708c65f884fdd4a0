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
        if (options.Heatmaps && options.CdictFiles.Count != 1)
        {
            throw new PerfwhizException("--heatmaps takes exactly one cdict file");
        }

        if (options.Json is not null && (options.List || options.SuccessorsOf is not null))
        {
            throw new PerfwhizException($"--json writes the dashboard's data; {(options.List ? "--list" : "--successors-of")} prints text: drop one of them");
        }

        // As the original: 'test' is test.cdict.
        options = options with { CdictFiles = [.. options.CdictFiles.Select(CdictPath)] };
        var runs = RunLoader.Load(options, output, options.List || options.SuccessorsOf is not null ? RunNeeds.TaskKeys : RunNeeds.Dashboard(options.Heatmaps), cancellation);
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
            throw new PerfwhizException(NoTaskMessage.ForSelection(runs, filter));
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
        var html = OutputNames.For(options, chartType, filter.Text);
        CreateOutputDirectory(options.OutputDir);
        DashboardPage.WriteFile(html, document);
        output.WriteLine($"Saved to {html} ({new FileInfo(html).Length / 1000:N0} Kbytes)");
        if (!options.Headless)
        {
            BrowserLauncher.Open(html, output);
        }

        return ExitCode.Success;
    }

    private static string CdictPath(string file) =>
        file.EndsWith(".cdict", StringComparison.Ordinal) || File.Exists(file) || !File.Exists(file + ".cdict") ? file : file + ".cdict";

    private static void CreateOutputDirectory(string? folder)
    {
        if (folder is null || Directory.Exists(folder))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PerfwhizException($"cannot create the output directory {folder}: {e.Message}", e);
        }
    }

    private static string Label(PerfmapOptions options, IReadOnlyList<Run> runs) =>
        options.Label ?? (runs.Count > 1 ? "diff" : Path.GetFileNameWithoutExtension(options.CdictFiles[0]));
}
