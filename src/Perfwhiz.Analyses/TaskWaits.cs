namespace Perfwhiz.Analyses;

/// <summary>
/// Every measured wait for a CPU, in the order they ended: the task key, when the wait started and
/// how long it lasted (ns), and what started it. Columns, so a million waits cost three arrays, not a million objects.
/// </summary>
public sealed class TaskWaits
{
    private int[] keys = new int[1024];
    private long[] starts = new long[1024];
    private long[] delays = new long[1024];
    private WaitCause[] causes = new WaitCause[1024];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Keys => keys.AsSpan(0, Count);

    public ReadOnlySpan<long> Starts => starts.AsSpan(0, Count);

    public ReadOnlySpan<long> Delays => delays.AsSpan(0, Count);

    public ReadOnlySpan<WaitCause> Causes => causes.AsSpan(0, Count);

    public void Add(int key, long startNs, long switchedInNs, WaitCause cause)
    {
        if (Count == keys.Length)
        {
            Array.Resize(ref keys, Count * 2);
            Array.Resize(ref starts, Count * 2);
            Array.Resize(ref delays, Count * 2);
            Array.Resize(ref causes, Count * 2);
        }

        keys[Count] = key;
        starts[Count] = startNs;
        delays[Count] = switchedInNs - startNs;
        causes[Count] = cause;
        Count++;
    }
}
