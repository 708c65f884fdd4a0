using Perfwhiz.Analyses.Selection;
using Perfwhiz.Exports;
using Perfwhiz.Exports.Parquet;
using Perfwhiz.Exports.Perfetto;

namespace Perfwhiz.Perfmap;

/// <summary>
/// perfmap's exports: the rows of each capture, selected by <c>-t</c> and <c>-c/-f</c>, as a Perfetto
/// trace or as Parquet tables. Without <c>-c/-f</c> each capture is exported whole (not cut to the
/// shortest, as the dashboards are).
/// </summary>
internal static class ExportRunner
{
    public static ExitCode Run(PerfmapOptions options, TextWriter output, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        Check(options);
        var selections = Select(options, RunLoader.Load(options, output, RunNeeds.Export, cancellation));
        if (options.Exports.Perfetto is { } trace)
        {
            var counts = PerfettoTrace.WriteFile(trace, selections[0], cancellation);
            output.WriteLine($"Saved to {trace} ({new FileInfo(trace).Length / 1000:N0} Kbytes): {counts.Switches:N0} switches, {counts.Wakeups:N0} wakeups, {counts.KvmExits:N0} KVM exits; {counts.Vms} VMs with {counts.VmThreads} threads");
        }

        if (options.Exports.ParquetFolder is { } folder)
        {
            var rows = ParquetExport.WriteFolderAsync(folder, selections, cancellation).GetAwaiter().GetResult();
            var bytes = Directory.EnumerateFiles(folder).Sum(file => new FileInfo(file).Length);
            output.WriteLine($"Saved to {folder} ({bytes / 1000:N0} Kbytes): {string.Join(", ", rows.Select(table => $"{table.Key} {table.Value:N0} rows"))}");
        }

        return ExitCode.Success;
    }

    // What can be refused before any capture is read.
    private static void Check(PerfmapOptions options)
    {
        if (options.Exports.Perfetto is not null && options.CdictFiles.Count != 1)
        {
            throw new PerfwhizException("--export-perfetto takes exactly one cdict file");
        }

        if (options.Exports.Any && (options.Json is not null || options.List || options.SuccessorsOf is not null || options.Heatmaps))
        {
            throw new PerfwhizException("--export-perfetto and --export-parquet do not go with --json, --list, --successors-of or --heatmaps");
        }
    }

    private static List<ExportSelection> Select(PerfmapOptions options, IReadOnlyList<Run> runs)
    {
        var whole = options.CapMs is null && options.FromMs is null;
        var exported = whole ? [.. runs.Select(run => new Run(run.File, run.ShortName, run.Capture, run.Keys, new AnalysisWindow(0, long.MaxValue, 1.0)))] : runs;
        if (options.Task is null)
        {
            return [.. exported.Select(run => new ExportSelection(run, null))];
        }

        var filter = TaskFilter.Parse(options.Task);
        var selections = exported.Select(run => new ExportSelection(run, TaskSelection.Select(run, filter))).ToList();
        if (selections.All(selection => !selection.Selected!.Contains(true)))
        {
            var closest = TaskSelection.Closest(runs.SelectMany(run => run.Keys.Keys.Select(run.Keys.Name)), options.Task);
            throw new PerfwhizException($"no task matches '{filter.Text}'; closest task names: {string.Join(", ", closest)}");
        }

        return selections;
    }
}
