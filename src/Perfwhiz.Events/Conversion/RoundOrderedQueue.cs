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
    private PendingEvent[] waiting = new PendingEvent[4096];
    private long[] times = new long[4096];
    private int[] order = new int[4096];
    private int count;
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

    // Sorts by time with the runtime's fast primitive-key sort, then restores arrival order among
    // equal times (the buffer holds events in arrival order, so their indices are that order).
    private void Flush(long limit)
    {
        if (count == 0 || limit == long.MinValue)
        {
            return;
        }

        if (times.Length < count)
        {
            times = new long[pending.Length];
            order = new int[pending.Length];
        }

        var keys = times.AsSpan(0, count);
        var indices = order.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            keys[i] = pending[i].TimeNs;
            indices[i] = i;
        }

        keys.Sort(indices);
        KeepArrivalOrderAmongEqualTimes(keys, indices);
        var flushed = 0;
        while (flushed < count && keys[flushed] <= limit)
        {
            var item = pending[indices[flushed++]];
            if (item.TimeNs < lastEmittedTime)
            {
                LateEvents++;
            }

            lastEmittedTime = Math.Max(lastEmittedTime, item.TimeNs);
            emit(item);
        }

        if (waiting.Length < pending.Length)
        {
            waiting = new PendingEvent[pending.Length];
        }

        for (var i = flushed; i < count; i++)
        {
            waiting[i - flushed] = pending[indices[i]];
        }

        (pending, waiting) = (waiting, pending);
        count -= flushed;
    }

    private static void KeepArrivalOrderAmongEqualTimes(Span<long> keys, Span<int> indices)
    {
        for (var start = 0; start < keys.Length - 1; start++)
        {
            var end = start;
            while (end + 1 < keys.Length && keys[end + 1] == keys[start])
            {
                end++;
            }

            if (end > start)
            {
                indices[start..(end + 1)].Sort();
                start = end;
            }
        }
    }
}
