using Perfwhiz.Analyses.Selection;

namespace Perfwhiz.Analyses.Results;

/// <summary>
/// What ran on one CPU, in time order: each interval's start and length (ns), its task key and
/// thread, and the wait for a CPU that ended when it began: how long (ns, <see cref="NoWait"/> when
/// none was measured) and who woke it (the task and thread running on the CPU that recorded the
/// wakeup; <see cref="TaskKeys.None"/> when no wakeup began the wait). Columns, grown as filled.
/// </summary>
public sealed class CpuIntervals(int cpu)
{
    public const long NoWait = -1;

    private long[] startsNs = new long[256];
    private long[] durationsNs = new long[256];
    private int[] keys = new int[256];
    private int[] tids = new int[256];
    private long[] waitsNs = new long[256];
    private int[] wakerKeys = new int[256];
    private int[] wakerTids = new int[256];

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
            var capacity = Count * 2;
            Array.Resize(ref startsNs, capacity);
            Array.Resize(ref durationsNs, capacity);
            Array.Resize(ref keys, capacity);
            Array.Resize(ref tids, capacity);
            Array.Resize(ref waitsNs, capacity);
            Array.Resize(ref wakerKeys, capacity);
            Array.Resize(ref wakerTids, capacity);
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
