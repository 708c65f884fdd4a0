using System.Runtime.ExceptionServices;
using Perfwhiz.Analyses;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Annotation;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Perfmap;

/// <summary>Loads the captures, annotates them, and fixes each one's window and names.</summary>
internal static class RunLoader
{
    /// <param name="options">The captures and how to name their tasks.</param>
    /// <param name="output">Where notes on the captures go.</param>
    /// <param name="needs">
    /// What the analyses will want: the threads' waits are then measured while the task keys are
    /// built, from the capture alone (<see cref="Run.MeasuringWaits"/>); the columns nothing reads are not kept.
    /// </param>
    /// <param name="cancellation">Stops the loading.</param>
    public static IReadOnlyList<Run> Load(PerfmapOptions options, TextWriter output, RunNeeds needs, CancellationToken cancellation)
    {
        var files = options.CdictFiles;
        foreach (var file in files.Where(file => !File.Exists(file)))
        {
            throw new PerfwhizException($"{file}: no such file");
        }

        // The map is checked whole before any capture is touched.
        var map = options.MapCsv is null ? null : TaskMap.Load(options.MapCsv);
        var captures = new Capture[files.Count];
        try
        {
            Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellation }, i => captures[i] = CdictFile.Read(files[i], needs.Columns));
        }
        catch (AggregateException e) when (e.InnerExceptions[0] is PerfwhizException)
        {
            // The first bad capture speaks for itself, on its one line.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        var ends = captures.Select(LastEventTime).ToList();
        var windows = AnalysisWindow.For(ends, options.FromMs, options.CapMs);
        // Annotation renames tasks only, so the waits, of threads, can be measured meanwhile.
        var measuring = new Task<ThreadWaits>?[captures.Length];
        for (var i = 0; needs.Waits && i < captures.Length; i++)
        {
            var (capture, window) = (captures[i], windows[i]);
            measuring[i] = Task.Run(() => ThreadWaits.Measure(capture, window), cancellation);
        }

        // Each capture annotated and keyed on its own thread: a pass over all its rows.
        var naming = new TaskNaming(options.MergeSystemTasks, options.AppendTid);
        var renamed = new int[captures.Length];
        var keys = new TaskKeys[captures.Length];
        Parallel.For(0, captures.Length, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            renamed[i] = map?.ApplyTo(captures[i]) ?? 0;
            keys[i] = TaskKeys.Build(captures[i], naming);
        });
        if (map is not null)
        {
            for (var i = 0; i < captures.Length; i++)
            {
                output.WriteLine($"{files[i]}: {renamed[i]} threads renamed from {options.MapCsv}");
            }
        }

        var shortNames = ShortNames.Of(files);
        var runs = new List<Run>();
        for (var i = 0; i < captures.Length; i++)
        {
            if (windows[i].Multiplier >= 1.01)
            {
                output.WriteLine($"Warning: {files[i]} is shorter than the window: its counts are multiplied by {windows[i].Multiplier:F2}");
            }

            runs.Add(new Run(files[i], shortNames[i], captures[i], keys[i], windows[i]) { MeasuringWaits = measuring[i] });
        }

        return runs;
    }

    private static long LastEventTime(Capture capture)
    {
        var events = capture.Events;
        var wakeups = capture.Wakeups;
        return Math.Max(events.Count > 0 ? events.TimeNs[events.Count - 1] : 0, wakeups.Count > 0 ? wakeups.TimeNs[wakeups.Count - 1] : 0);
    }
}
