namespace Perfwhiz.Analyses.Results;

/// <summary>
/// Everything the heat maps of one task draw, as columns (times in ms since the capture's first
/// event, durations in µs): switches, sleeps, iowaits, KVM exits and entries, where it ran when,
/// and its wakeup latencies.
/// </summary>
public sealed record HeatMapSeries(
    string Task,
    TimedSeries Switches,
    TimedSeries Sleeps,
    TimedSeries IoWaits,
    TimedSeries KvmExits,
    TimedSeries KvmEntries,
    TimedSeries CoreSpans,
    TimedSeries WakeupLatencies);
