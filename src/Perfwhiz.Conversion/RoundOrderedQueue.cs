using System.Runtime.CompilerServices;

namespace Perfwhiz.Conversion;

/// <summary>
/// Puts records back in time order the way perf does: records come as per-CPU chunks, and at each
/// FINISHED_ROUND everything up to the newest time seen at the previous FINISHED_ROUND is final
/// (a round may reach back into the previous one, never two back). The rest waits for later rounds.
/// </summary>
/// <remarks>
/// Each CPU's chunk is already in time order, so the buffer is a few ascending runs (the events
/// still waiting, then one per chunk). They are merged, stably, run by run: equal times keep their
/// arrival order, and the work is linear in the events times the log of the run count.
/// </remarks>
internal sealed class RoundOrderedQueue
{
    private readonly CaptureAssembler assembler;
    private PendingEvent[] pending = new PendingEvent[4096];
    private PendingEvent[] merged = new PendingEvent[4096];
    private int[] runStarts = new int[64];
    private int[] mergedRunStarts = new int[64];
    private int runCount;
    private int count;
    private long newestTime = long.MinValue;
    private long flushLimit = long.MinValue;
    private long lastEmittedTime = long.MinValue;

    public RoundOrderedQueue(CaptureAssembler assembler)
    {
        this.assembler = assembler;
    }

    /// <summary>Events that arrived after a later event had already been emitted (perf's ordering broken).</summary>
    public long LateEvents { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(PendingEvent item)
    {
        if (count == pending.Length)
        {
            Array.Resize(ref pending, pending.Length * 2);
        }

        if (count == 0 || item.TimeNs < pending[count - 1].TimeNs)
        {
            StartRun();
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

    private void StartRun()
    {
        if (runCount == runStarts.Length)
        {
            Array.Resize(ref runStarts, runStarts.Length * 2);
        }

        runStarts[runCount++] = count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Flush(long limit)
    {
        if (count == 0 || limit == long.MinValue)
        {
            return;
        }

        MergeRuns();
        var flushed = 0;
        while (flushed < count && pending[flushed].TimeNs <= limit)
        {
            ref readonly var item = ref pending[flushed++];
            if (item.TimeNs < lastEmittedTime)
            {
                LateEvents++;
            }

            lastEmittedTime = Math.Max(lastEmittedTime, item.TimeNs);
            assembler.Add(item);
        }

        // What waits stays sorted: one run for the next round's chunks to merge with.
        Array.Copy(pending, flushed, pending, 0, count - flushed);
        count -= flushed;
        runCount = count > 0 ? 1 : 0;
    }

    /// <summary>Merges neighbouring runs pairwise until one is left (bottom-up natural merge sort).</summary>
    private void MergeRuns()
    {
        if (merged.Length < pending.Length)
        {
            merged = new PendingEvent[pending.Length];
        }

        if (mergedRunStarts.Length < runStarts.Length)
        {
            mergedRunStarts = new int[runStarts.Length];
        }

        while (runCount > 1)
        {
            var mergedRuns = 0;
            for (var run = 0; run < runCount; run += 2)
            {
                var start = runStarts[run];
                var middle = run + 1 < runCount ? runStarts[run + 1] : count;
                var end = run + 2 < runCount ? runStarts[run + 2] : count;
                Merge(start, middle, end);
                mergedRunStarts[mergedRuns++] = start;
            }

            (pending, merged) = (merged, pending);
            (runStarts, mergedRunStarts) = (mergedRunStarts, runStarts);
            runCount = mergedRuns;
        }
    }

    /// <summary>Merges pending[start..middle) and pending[middle..end) into merged[start..end); ties go to the left run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Merge(int start, int middle, int end)
    {
        var left = start;
        var right = middle;
        var target = start;
        while (left < middle && right < end)
        {
            merged[target++] = pending[right].TimeNs < pending[left].TimeNs ? pending[right++] : pending[left++];
        }

        Array.Copy(pending, left, merged, target, middle - left);
        Array.Copy(pending, right, merged, target + (middle - left), end - right);
    }
}
