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

    /// <summary>
    /// Where a task still running at the window's end runs until: the window's end, or the last
    /// event's time when that is earlier (the capture says nothing beyond it).
    /// </summary>
    public long RunningUntilNs
    {
        get
        {
            var times = Capture.Events.TimeNs;
            return Math.Min(Window.ToNs, EventEnd > EventStart ? times[EventEnd - 1] : Window.ToNs);
        }
    }

    public int WakeupEnd { get; }
}
