namespace Perfwhiz.Reports;

/// <summary>
/// A direct-mapped cache of (key, tid) pairs packed in a long, each with a value: the timeline looks
/// up a few hundred threads millions of times, and a slot compare is cheaper than a hash set's or
/// a dictionary's lookup. A slot is empty until written (long.MinValue, which no pair of a key ≥ 0 is).
/// </summary>
internal sealed class PairCache<T>
{
    private const int SlotBits = 10;

    private readonly (long Pair, T Value)[] slots = Enumerable.Repeat((long.MinValue, default(T)!), 1 << SlotBits).ToArray();

    public ref (long Pair, T Value) Slot(long pair) => ref slots[(int)((ulong)pair * 0x9E3779B97F4A7C15 >> (64 - SlotBits))];
}
