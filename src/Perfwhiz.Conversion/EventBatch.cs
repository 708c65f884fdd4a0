namespace Perfwhiz.Conversion;

/// <summary>
/// Decoded events on their way from the decoding thread to the assembly thread, with where the
/// FINISHED_ROUNDs fell among them. Batches are reused.
/// </summary>
internal sealed class EventBatch
{
    private PendingEvent[] events = new PendingEvent[1024];
    private int[] roundEnds = new int[16];

    public int Count { get; private set; }

    public int RoundCount { get; private set; }

    /// <summary>How much of the capture had been read when the batch was handed over (0 total: unknown).</summary>
    public (long BytesRead, long TotalBytes) Progress { get; set; }

    /// <summary>The last batch: the capture is read, whatever waits for a round is final.</summary>
    public bool IsLast { get; set; }

    public ReadOnlySpan<PendingEvent> Events => events.AsSpan(0, Count);

    /// <summary>Event counts at each FINISHED_ROUND, in order.</summary>
    public ReadOnlySpan<int> RoundEnds => roundEnds.AsSpan(0, RoundCount);

    public void Add(PendingEvent item)
    {
        if (Count == events.Length)
        {
            Array.Resize(ref events, events.Length * 2);
        }

        events[Count++] = item;
    }

    /// <summary>
    /// Marks a FINISHED_ROUND. A third in a row with no event between is dropped: the second has
    /// already made every waiting event final, so the rest change nothing, and a capture may hold
    /// millions of them (empty rounds cost 8 bytes each, far less compressed).
    /// </summary>
    public void EndRound()
    {
        if (RoundCount >= 2 && roundEnds[RoundCount - 2] == Count)
        {
            return;
        }

        if (RoundCount == roundEnds.Length)
        {
            Array.Resize(ref roundEnds, roundEnds.Length * 2);
        }

        roundEnds[RoundCount++] = Count;
    }

    public void Clear()
    {
        Count = 0;
        RoundCount = 0;
        Progress = default;
        IsLast = false;
    }
}
