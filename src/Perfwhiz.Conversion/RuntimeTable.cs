using System.Runtime.CompilerServices;

namespace Perfwhiz.Conversion;

/// <summary>
/// Each thread's sched_stat_runtime by thread id: an open-addressing table with linear probing,
/// looked up once a switch or run time on the assembling thread (a Dictionary's lookup was 1.5% of
/// a conversion's CPU). Kept at most half full.
/// </summary>
internal sealed class RuntimeTable
{
    private Entry[] entries = new Entry[256];
    private int shift = 64 - 8;
    private int count;

    /// <summary>The thread's entry, added when it has none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref ThreadRuntime GetOrAdd(int tid)
    {
        ref var entry = ref Slot(tid);
        if (!entry.Used)
        {
            if (2 * (count + 1) > entries.Length)
            {
                Grow();
                entry = ref Slot(tid);
            }

            entry.Used = true;
            entry.Tid = tid;
            count++;
        }

        return ref entry.Runtime;
    }

    /// <summary>The thread's entry, or a null ref when it has none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref ThreadRuntime Find(int tid)
    {
        ref var entry = ref Slot(tid);
        return ref entry.Used ? ref entry.Runtime : ref Unsafe.NullRef<ThreadRuntime>();
    }

    /// <summary>Each thread's run time over the whole capture.</summary>
    public Dictionary<int, long> Totals()
    {
        var totals = new Dictionary<int, long>(count);
        foreach (var entry in entries)
        {
            if (entry.Used)
            {
                totals[entry.Tid] = entry.Runtime.Total;
            }
        }

        return totals;
    }

    // The thread's slot, or the empty one where it would go.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Entry Slot(int tid)
    {
        var mask = entries.Length - 1;
        var slot = (int)(((ulong)(uint)tid * 0x9E3779B97F4A7C15UL) >> shift);
        while (entries[slot].Used && entries[slot].Tid != tid)
        {
            slot = (slot + 1) & mask;
        }

        return ref entries[slot];
    }

    private void Grow()
    {
        var old = entries;
        entries = new Entry[old.Length * 2];
        shift--;
        foreach (var entry in old)
        {
            if (entry.Used)
            {
                Slot(entry.Tid) = entry;
            }
        }
    }

    private struct Entry
    {
        public int Tid;
        public bool Used;
        public ThreadRuntime Runtime;
    }
}
