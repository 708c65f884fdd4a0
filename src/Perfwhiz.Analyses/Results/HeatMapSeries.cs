namespace Perfwhiz.Analyses.Results;

/// <summary>
/// Everything the heat maps of one task draw: its switches (where it ran until when: each switch's
/// run time ends at the switch, on its core), sleeps, iowaits, KVM exits and entries, its waits
/// for a CPU (start, delay), and where it was still running when the window ended (its last
/// switch in on a core, the time from there to the window's end, the core): no switch ends those.
/// </summary>
public sealed record HeatMapSeries(
    int Key,
    EventSeries Switches,
    EventSeries Sleeps,
    EventSeries IoWaits,
    EventSeries KvmExits,
    EventSeries KvmEntries,
    EventSeries WakeupLatencies,
    EventSeries StillRunning);
