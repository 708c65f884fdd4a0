using System.Runtime.CompilerServices;

namespace Perfwhiz.Conversion;

/// <summary>
/// Puts records back in time order the way perf does: records come as per-CPU chunks, and at each
/// FINISHED_ROUND everything up to the newest time seen at the previous FINISHED_ROUND is final
/// (a round may reach back into the previous one, never two back). The rest waits for later rounds.
/// </summary>
/// <remarks>
/// Each CPU's chunk is already in time order, so the buffer is a few ascending runs (those still
/// waiting, then one per chunk). A flush hands the records on straight from the runs, the earliest
/// head first and, between equal times, the earlier run's (so equal times keep their arrival
/// order); what waits stays in its runs. Each record is copied once on arrival and at most once
/// more if it waits: merging the runs into a buffer first copied it three times in all, a tenth
/// of the assembling thread's time.
/// </remarks>
internal sealed class RoundOrderedQueue
{
    // Up to this many runs a flush scans every head for each record; beyond, it keeps them in a heap
    // (800K records: 2 CPUs' runs 22 ms scanned, 32 ms in a heap; 64 CPUs' 196 ms scanned, 68 ms in a
    // heap; they break even near 12 runs).
    private const int MostRunsScanned = 12;

    private readonly IRecordSink sink;
    private PendingEvent[] pending = new PendingEvent[4096];
    private int[] runStarts = new int[64];
    private int[] runHeads = new int[64];
    private int[] runEnds = new int[64];
    private long[] headTimes = new long[64];
    private int[] dueRuns = new int[64];
    private int runCount;
    private int count;
    private long newestTime = long.MinValue;
    private long flushLimit = long.MinValue;
    private long lastEmittedTime = long.MinValue;

    public RoundOrderedQueue(IRecordSink sink)
    {
        this.sink = sink;
    }

    /// <summary>What takes the records in time order.</summary>
    internal interface IRecordSink
    {
        void Add(PendingEvent record);
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
            Array.Resize(ref runHeads, runStarts.Length);
            Array.Resize(ref runEnds, runStarts.Length);
            Array.Resize(ref headTimes, runStarts.Length);
            Array.Resize(ref dueRuns, runStarts.Length);
        }

        runStarts[runCount++] = count;
    }

    /// <summary>Hands on, in time order, every record up to <paramref name="limit"/>; the others stay, each run's in order.</summary>
    private void Flush(long limit)
    {
        if (count == 0 || limit == long.MinValue)
        {
            return;
        }

        // Each run's next record; a run is done when its head reaches the next run's start.
        Array.Copy(runStarts, runHeads, runCount);
        if (runCount <= MostRunsScanned)
        {
            FlushByScan(limit);
        }
        else
        {
            FlushByHeap(limit);
        }

        KeepWaiting();
    }

    /// <summary>Every record the earliest of all heads: cheapest for a few CPUs.</summary>
    /// <remarks>The scan reads each run's end and head time from small arrays, not from the records (40 bytes apart, in as many places as runs).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FlushByScan(long limit)
    {
        var runs = runCount;
        var heads = runHeads;
        var ends = runEnds;
        var times = headTimes;
        for (var run = 0; run < runs; run++)
        {
            // A run holds a record at least: runs start with one, and KeepWaiting drops empty ones.
            ends[run] = RunEnd(run);
            times[run] = pending[heads[run]].TimeNs;
        }

        while (true)
        {
            var earliest = -1;
            var earliestTime = limit;
            for (var run = 0; run < runs; run++)
            {
                // Strictly earlier: between equal times the earlier run goes first.
                if (heads[run] < ends[run] && (times[run] < earliestTime || (earliest < 0 && times[run] == earliestTime)))
                {
                    earliest = run;
                    earliestTime = times[run];
                }
            }

            if (earliest < 0)
            {
                return;
            }

            var head = heads[earliest]++;
            if (head + 1 < ends[earliest])
            {
                times[earliest] = pending[head + 1].TimeNs;
            }

            Emit(ref pending[head]);
        }
    }

    /// <summary>The runs whose head is due in a min-heap: a round of a 64-CPU capture has 64 runs, which a scan would read for every record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FlushByHeap(long limit)
    {
        var due = 0;
        for (var run = 0; run < runCount; run++)
        {
            if (IsDue(run, limit))
            {
                dueRuns[due] = run;
                SiftUp(due++);
            }
        }

        while (due > 0)
        {
            var run = dueRuns[0];
            Emit(ref pending[runHeads[run]++]);
            if (!IsDue(run, limit))
            {
                dueRuns[0] = dueRuns[--due];
            }

            SiftDown(due);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Emit(ref PendingEvent item)
    {
        if (item.TimeNs < lastEmittedTime)
        {
            LateEvents++;
        }

        lastEmittedTime = Math.Max(lastEmittedTime, item.TimeNs);
        sink.Add(item);
    }

    private bool IsDue(int run, long limit) => runHeads[run] < RunEnd(run) && pending[runHeads[run]].TimeNs <= limit;

    // Between equal times the earlier run goes first: equal times keep their arrival order.
    private bool Precedes(int run, int other)
    {
        var time = pending[runHeads[run]].TimeNs;
        var otherTime = pending[runHeads[other]].TimeNs;
        return time < otherTime || (time == otherTime && run < other);
    }

    private void SiftUp(int at)
    {
        while (at > 0 && Precedes(dueRuns[at], dueRuns[(at - 1) / 2]))
        {
            (dueRuns[at], dueRuns[(at - 1) / 2]) = (dueRuns[(at - 1) / 2], dueRuns[at]);
            at = (at - 1) / 2;
        }
    }

    // The root's head moved on (or another run took its place): it goes down to where it belongs.
    private void SiftDown(int due)
    {
        var at = 0;
        while (true)
        {
            var first = at;
            foreach (var child in (ReadOnlySpan<int>)[(2 * at) + 1, (2 * at) + 2])
            {
                if (child < due && Precedes(dueRuns[child], dueRuns[first]))
                {
                    first = child;
                }
            }

            if (first == at)
            {
                return;
            }

            (dueRuns[at], dueRuns[first]) = (dueRuns[first], dueRuns[at]);
            at = first;
        }
    }

    private int RunEnd(int run) => run + 1 < runCount ? runStarts[run + 1] : count;

    /// <summary>Moves what each run has left to the front, in run order, as runs of their own.</summary>
    private void KeepWaiting()
    {
        var kept = 0;
        var keptRuns = 0;
        for (var run = 0; run < runCount; run++)
        {
            var left = RunEnd(run) - runHeads[run];
            if (left == 0)
            {
                continue;
            }

            Array.Copy(pending, runHeads[run], pending, kept, left);
            runStarts[keptRuns++] = kept;
            kept += left;
        }

        count = kept;
        runCount = keptRuns;
    }
}
