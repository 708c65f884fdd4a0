using Perfwhiz.Analyses.Selection;

namespace Perfwhiz.Analyses.Results;

/// <summary>
/// What ran on one CPU, in time order: each interval's start and length (ns), its task key and
/// thread, and the wait for a CPU that ended when it began: how long (ns, <see cref="NoWait"/> when
/// none was measured) and who woke it (the task and thread running on the CPU that recorded the
/// wakeup; <see cref="TaskKeys.None"/> when no wakeup began the wait). Columns, grown as filled.
/// </summary>
/// <param name="cpu">The CPU.</param>
/// <param name="capacity">The most intervals there will be, when known: millions then cost their columns once, not the copies of doubling them.</param>
public sealed class CpuIntervals(int cpu, int capacity = 256)
{
    public const long NoWait = -1;

    private long[] startsNs = GC.AllocateUninitializedArray<long>(Math.Max(capacity, 1));
    private long[] durationsNs = GC.AllocateUninitializedArray<long>(Math.Max(capacity, 1));
    private int[] keys = GC.AllocateUninitializedArray<int>(Math.Max(capacity, 1));
    private int[] tids = GC.AllocateUninitializedArray<int>(Math.Max(capacity, 1));
    private long[] waitsNs = GC.AllocateUninitializedArray<long>(Math.Max(capacity, 1));
    private int[] wakerKeys = GC.AllocateUninitializedArray<int>(Math.Max(capacity, 1));
    private int[] wakerTids = GC.AllocateUninitializedArray<int>(Math.Max(capacity, 1));

    public int Cpu { get; } = cpu;

    public int Count { get; private set; }

    public ReadOnlySpan<long> StartsNs => startsNs.AsSpan(0, Count);

    public ReadOnlySpan<long> DurationsNs => durationsNs.AsSpan(0, Count);

    public ReadOnlySpan<int> Keys => keys.AsSpan(0, Count);

    public ReadOnlySpan<int> Tids => tids.AsSpan(0, Count);

    public ReadOnlySpan<long> WaitsNs => waitsNs.AsSpan(0, Count);

    public ReadOnlySpan<int> WakerKeys => wakerKeys.AsSpan(0, Count);

    public ReadOnlySpan<int> WakerTids => wakerTids.AsSpan(0, Count);

    public void Add(long startNs, long durationNs, int key, int tid, long waitNs, int wakerKey, int wakerTid)
    {
        if (Count == keys.Length)
        {
            var grown = Count * 2;
            Array.Resize(ref startsNs, grown);
            Array.Resize(ref durationsNs, grown);
            Array.Resize(ref keys, grown);
            Array.Resize(ref tids, grown);
            Array.Resize(ref waitsNs, grown);
            Array.Resize(ref wakerKeys, grown);
            Array.Resize(ref wakerTids, grown);
        }

        startsNs[Count] = startNs;
        durationsNs[Count] = durationNs;
        keys[Count] = key;
        tids[Count] = tid;
        waitsNs[Count] = waitNs;
        wakerKeys[Count] = wakerKey;
        wakerTids[Count] = wakerTid;
        Count++;
    }
}
