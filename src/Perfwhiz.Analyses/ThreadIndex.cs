using System.Runtime.CompilerServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses;

/// <summary>
/// Dense numbers for the thread ids of a capture, so per-thread state lives in arrays. Thread ids
/// are below the kernel's pid_max (at most 4M), so a flat table maps them; stranger ids (from a
/// damaged cdict) go through a dictionary.
/// </summary>
internal sealed class ThreadIndex
{
    /// <summary>The kernel's largest pid_max (PID_MAX_LIMIT): thread ids below it fit flat tables.</summary>
    internal const int FlatLimit = 1 << 22;

    private readonly int[] flat;
    private readonly Dictionary<int, int> others = [];

    public ThreadIndex(int maxTid)
    {
        flat = new int[Math.Clamp(maxTid + 1, 0, FlatLimit)];
        Array.Fill(flat, -1);
    }

    public int Count { get; private set; }

    /// <summary>An index sized for the thread ids of <paramref name="events"/>' rows (switched out and in).</summary>
    public static ThreadIndex For(EventTable events)
    {
        var max = 0;
        foreach (var pid in events.Pid.AsSpan(0, events.Count))
        {
            max = Math.Max(max, pid);
        }

        foreach (var pid in events.NextPid.AsSpan(0, events.Count))
        {
            max = Math.Max(max, pid);
        }

        return new ThreadIndex(max);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Of(int tid)
    {
        if ((uint)tid < (uint)flat.Length)
        {
            ref var index = ref flat[tid];
            if (index < 0)
            {
                index = Count++;
            }

            return index;
        }

        return OfOther(tid);
    }

    private int OfOther(int tid)
    {
        if (!others.TryGetValue(tid, out var other))
        {
            others[tid] = other = Count++;
        }

        return other;
    }
}
