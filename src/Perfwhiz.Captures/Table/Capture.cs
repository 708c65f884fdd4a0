namespace Perfwhiz.Captures.Table;

/// <summary>One capture in memory: the main table, the wakeups and the capture's metadata.</summary>
public sealed class Capture
{
    public Capture(EventTable events, WakeupTable wakeups, CaptureInfo info)
    {
        Events = events;
        Wakeups = wakeups;
        Info = info;
    }

    public EventTable Events { get; }

    public WakeupTable Wakeups { get; }

    public CaptureInfo Info { get; }

    public TaskNames Names => Events.Names;
}
