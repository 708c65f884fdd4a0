using System.CommandLine;
using Perfwhiz.Analyses.Comparison;

namespace Perfwhiz.Perfmap;

/// <summary>perfmap: analyses one or more cdict files (the original's command line, kept).</summary>
public static class PerfmapCommand
{
    public static RootCommand Create()
    {
        var files = new Argument<string[]>("cdict_file") { Description = "cdict file(s) to analyse; several make a diff", Arity = ArgumentArity.OneOrMore };
        var task = new Option<string?>("--task", "-t") { Description = "selected task(s): a regex on the task name (matched at its start; a leading * means .*) or a tid", HelpName = "task name (regex)" };
        var cap = new Option<long?>("--cap", "-c")
        {
            Description = "cap the analysis to the first <cap> msec of the window (default, or 0: all of the shortest capture); in the page's file name",
            HelpName = "msec",
            CustomParser = OptionValues.WholeNumber("--cap", "milliseconds"),
        };
        var from = new Option<long?>("--from", "-f")
        {
            Description = "start the analysis <from> msec after the start of the capture (default: 0); in the page's file name",
            HelpName = "msec",
            CustomParser = OptionValues.WholeNumber("--from", "milliseconds"),
        };
        var label = new Option<string?>("--label") { Description = "label for the title and the output files (default, or empty: the cdict file name)" };
        var map = new Option<string?>("--map") { Description = "remap task names from a mapping csv file (tid,instance,type,uuid,group-type,group-id,name)", HelpName = "mapping csv file" };
        var outputDir = new Option<string?>("--output-dir") { Description = "write the output files to this directory, created when missing (default: next to the first cdict)", HelpName = "dir pathname" };
        var heatmaps = new Option<bool>("--heatmaps") { Description = "generate the heat map dashboard (one cdict) instead of the basic charts" };
        var headless = new Option<bool>("--headless") { Description = "do not open the dashboard in the browser" };
        var mergeSysTasks = new Option<bool>("--merge-sys-tasks") { Description = "group per-core system tasks: a '/' followed by a digit ends the name (swapper/0, kworker/1:2 -> swapper, kworker), so qemu's vCPU threads ('CPU 0/KVM') stay apart (the original cut at any '/')" };
        var appendTid = new Option<bool>("--append-tid") { Description = "append the tid to task names (perf -> perf:2834), one task per thread" };
        var list = new Option<bool>("--list") { Description = "only list all tasks with their tid and event count, as text (not with --json)" };
        var successorsOf = new Option<string?>("--successors-of") { Description = "only list the tasks that ran next after the given tid or task name, on the same core, as text (not with --json)", HelpName = "tid|task name" };
        var json = new Option<string?>("--json") { Description = "write the dashboard's data as JSON to this file instead of the HTML page (schema: docs/dashboard-json.md)", HelpName = "file" };
        var command = new RootCommand("Turn perfwhiz captures (.cdict) into dashboards: CPU usage vs context switches, KVM exit types, core maps, heat maps, wakeup latency, and diffs between runs.")
        {
            files, task, cap, from, label, map, outputDir, heatmaps, headless, mergeSysTasks, appendTid, list, successorsOf, json,
        };
        var exports = ExportOptions.AddTo(command);
        var compare = CompareOptions.AddTo(command);
        command.SetAction((parse, cancellation) =>
        {
            var options = new PerfmapOptions(
                parse.GetValue(files)!, parse.GetValue(task),
                parse.GetValue(cap) is 0 ? null : parse.GetValue(cap), // as the original: -c 0 is no cap
                parse.GetValue(from),
                string.IsNullOrWhiteSpace(parse.GetValue(label)) ? null : parse.GetValue(label),
                parse.GetValue(map), parse.GetValue(outputDir), parse.GetValue(heatmaps), parse.GetValue(headless),
                parse.GetValue(mergeSysTasks), parse.GetValue(appendTid), parse.GetValue(list), parse.GetValue(successorsOf), parse.GetValue(json))
            {
                Exports = exports(parse),
            };
            var exitCode = options.Exports.Any ? ExportRunner.Run(options, Console.Out, cancellation)
                : parse.GetValue(compare.Compare) ? CompareRunner.Run(options, parse.GetValue(compare.FailIf) ?? [], new ComparisonSettings(MinEffectPercent: parse.GetValue(compare.MinEffect), Repeats: parse.GetValue(compare.Repeats)), Console.Out, cancellation)
                : PerfmapRunner.Run(options, Console.Out, cancellation);
            return Task.FromResult((int)exitCode);
        });
        return command;
    }
}
