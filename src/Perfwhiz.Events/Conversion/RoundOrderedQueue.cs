namespace Perfwhiz.Events.Conversion;

/// <summary>
/// Puts records back in time order the way perf does: records come as per-CPU chunks, and at each
/// FINISHED_ROUND everything up to the newest time seen at the previous FINISHED_ROUND is final
/// (a round may reach back into the previous one, never two back). The rest waits for later rounds.
/// </summary>
internal sealed class RoundOrderedQueue
{
    private readonly Action<PendingEvent> emit;
    private PendingEvent[] pending = new PendingEvent[4096];
    private int count;
    private long sequence;
    private long newestTime = long.MinValue;
    private long flushLimit = long.MinValue;
    private long lastEmittedTime = long.MinValue;

    public RoundOrderedQueue(Action<PendingEvent> emit)
    {
        this.emit = emit;
    }

    /// <summary>Events that arrived after a later event had already been emitted (perf's ordering broken).</summary>
    public long LateEvents { get; private set; }

    public void Add(PendingEvent item)
    {
        item.Sequence = sequence++;
        if (count == pending.Length)
        {
            Array.Resize(ref pending, pending.Length * 2);
        }

        pending[count++] = item;
        newestTime = Math.Max(newestTime, item.TimeNs);
    }

    public void FinishRound()
    {
        Flush(flushLimit);
        flushLimit = newestTime;
    }

    public void FinishAll() => Flush(long.MaxValue);

    private void Flush(long limit)
    {
        if (count == 0 || limit == long.MinValue)
        {
            return;
        }

        var items = pending.AsSpan(0, count);
        items.Sort(static (a, b) => a.TimeNs != b.TimeNs ? a.TimeNs.CompareTo(b.TimeNs) : a.Sequence.CompareTo(b.Sequence));
        var flushed = 0;
        while (flushed < items.Length && items[flushed].TimeNs <= limit)
        {
            var item = items[flushed++];
            if (item.TimeNs < lastEmittedTime)
            {
                LateEvents++;
            }

            lastEmittedTime = Math.Max(lastEmittedTime, item.TimeNs);
            emit(item);
        }

        items[flushed..].CopyTo(pending);
        count -= flushed;
    }
}
