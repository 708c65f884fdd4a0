using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses.Selection;

/// <summary>One capture as analysed: its data, its task keys, its window and its names.</summary>
public sealed class Run
{
    public Run(string file, string shortName, Capture capture, TaskKeys keys, AnalysisWindow window)
    {
        File = file;
        ShortName = shortName;
        Capture = capture;
        Keys = keys;
        Window = window;
        var events = capture.Events;
        (EventStart, EventEnd) = window.RowsOf(events.TimeNs.AsSpan(0, events.Count));
        (WakeupStart, WakeupEnd) = window.RowsOf(capture.Wakeups.TimeNs.AsSpan(0, capture.Wakeups.Count));
    }

    public string File { get; }

    /// <summary>The name of the run in charts: the file name, shortened against the other runs.</summary>
    public string ShortName { get; }

    public Capture Capture { get; }

    public TaskKeys Keys { get; }

    public AnalysisWindow Window { get; }

    /// <summary>First event row in the window.</summary>
    public int EventStart { get; }

    /// <summary>One past the last event row in the window.</summary>
    public int EventEnd { get; }

    /// <summary>
    /// The threads' waits in the window, when they are being measured already (while the task keys
    /// were built); otherwise the analyses measure them when asked.
    /// </summary>
    public Task<ThreadWaits>? MeasuringWaits { get; init; }

    public int WakeupStart { get; }

    public int WakeupEnd { get; }
}
