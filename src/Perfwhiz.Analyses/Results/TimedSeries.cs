namespace Perfwhiz.Analyses.Results;

/// <summary>
/// Points in time with a duration and a small integer each: for switches and core spans the core,
/// for KVM exits the exit reason, otherwise 0. Times in ms, durations in µs.
/// </summary>
public sealed class TimedSeries
{
    private readonly List<double> timesMs;
    private readonly List<double> durationsUs;
    private readonly List<long> values;

    public TimedSeries()
        : this(0)
    {
    }

    /// <summary>A series with room for <paramref name="capacity"/> points: a million-point series grown by doubling copies and discards half its memory again.</summary>
    public TimedSeries(int capacity)
    {
        timesMs = new List<double>(capacity);
        durationsUs = new List<double>(capacity);
        values = new List<long>(capacity);
    }

    public IReadOnlyList<double> TimesMs => timesMs;

    public IReadOnlyList<double> DurationsUs => durationsUs;

    public IReadOnlyList<long> Values => values;

    [System.Text.Json.Serialization.JsonIgnore]
    public int Count => timesMs.Count;

    public void Add(long timeNs, long durationNs, long value)
    {
        timesMs.Add(Math.Round(timeNs / 1e6, 6));
        durationsUs.Add(Math.Round(durationNs / 1e3, 3));
        values.Add(value);
    }
}
