namespace Perfwhiz.Analyses.Results;

/// <summary>
/// Points in time (ns) with a duration (ns) and a small integer each: for switches the core, for KVM
/// exits the exit reason, otherwise 0. Columns, sized once from a counting pass.
/// </summary>
public sealed class EventSeries(int capacity)
{
    private readonly long[] timesNs = new long[capacity];
    private readonly long[] durationsNs = new long[capacity];
    private readonly long[] values = new long[capacity];

    public int Count { get; private set; }

    public ReadOnlySpan<long> TimesNs => timesNs.AsSpan(0, Count);

    public ReadOnlySpan<long> DurationsNs => durationsNs.AsSpan(0, Count);

    public ReadOnlySpan<long> Values => values.AsSpan(0, Count);

    public void Add(long timeNs, long durationNs, long value)
    {
        timesNs[Count] = timeNs;
        durationsNs[Count] = durationNs;
        values[Count] = value;
        Count++;
    }
}
