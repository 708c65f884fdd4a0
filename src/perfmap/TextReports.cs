using Perfwhiz.Analyses;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Reports.Text;

namespace Perfwhiz.Perfmap;

/// <summary>The text answers of perfmap: <c>--list</c> and <c>--successors-of</c>.</summary>
internal static class TextReports
{
    public static void PrintTaskList(TextWriter output, IReadOnlyList<Run> runs)
    {
        output.WriteLine("List of tids and task names sorted by event count (context switches and kvm events)");
        foreach (var run in runs)
        {
            var tasks = TaskListAnalysis.Compute(run);
            output.WriteLine($"{run.File}:");
            output.WriteLine($"  {"tid",8}  {"events",10}  task");
            foreach (var task in tasks)
            {
                output.WriteLine($"  {task.Tid,8}  {task.Events,10:N0}  {TerminalText.Printable(task.Task)}");
            }
        }
    }

    public static void PrintSuccessors(TextWriter output, IReadOnlyList<Run> runs, string task, string label)
    {
        foreach (var run in runs)
        {
            var result = SuccessorAnalysis.Compute(run, task);
            if (result is null)
            {
                throw new PerfwhizException(NoTaskMessage.ForSuccessors(run, task));
            }

            output.WriteLine($"{run.File}:");
            output.WriteLine($"Successors of {TerminalText.Printable(result.Value.Task)} ({label})");
            output.WriteLine($"  {"count",10}  {"percent",8}  task");
            foreach (var successor in result.Value.Successors)
            {
                output.WriteLine($"  {successor.Count,10:N0}  {successor.Percent,7:F2}%  {TerminalText.Printable(successor.Task)}");
            }
        }
    }
}
