namespace Perfwhiz.Reports.Json;

/// <summary>
/// Everything the heat maps of one task draw: switches (value: the core; each switch's run time
/// ends at the switch, which is where the task ran), sleeps, iowaits, KVM exits (value: the exit
/// reason code) and entries, its waits for a CPU (time: when the wait began), and where it was
/// still running when the window ended (time: its switch in; value: the core); with the number of
/// events in all (those spans not counted), by which the page picks the task it opens on.
/// </summary>
public sealed record TaskHeatMap(
    string Task,
    int Events,
    TimedSeries Switches,
    TimedSeries Sleeps,
    TimedSeries IoWaits,
    TimedSeries KvmExits,
    TimedSeries KvmEntries,
    TimedSeries WakeupLatencies,
    TimedSeries StillRunning);
