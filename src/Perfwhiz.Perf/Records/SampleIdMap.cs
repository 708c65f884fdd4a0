using System.Runtime.CompilerServices;
using Perfwhiz.Perf.Container;

namespace Perfwhiz.Perf.Records;

/// <summary>
/// Which event a sample id belongs to: an open-addressing table looked up once per record, of a
/// bounded size whatever number of ids a damaged attr section claims.
/// </summary>
internal sealed class SampleIdMap
{
    // A table of 2^24 slots holds 8 million ids (a damaged attr section may claim any number; ids
    // beyond that are unknown ids, which map to the first event like any other).
    private const int MaxBits = 24;

    private readonly Entry[] entries;
    private readonly int shift;
    private int mapped;

    /// <summary>Maps every id of every attr to it; an id listed twice keeps its first attr.</summary>
    public SampleIdMap(IReadOnlyList<EventAttr> events)
    {
        long idCount = 0;
        foreach (var attr in events)
        {
            idCount += attr.Ids.Count;
        }

        var bits = 4;
        while (1L << bits < 2 * idCount && bits < MaxBits)
        {
            bits++;
        }

        entries = new Entry[1 << bits];
        shift = 64 - bits;
        foreach (var attr in events)
        {
            foreach (var id in attr.Ids)
            {
                Add(id, attr);
            }
        }
    }

    /// <summary>The event of <paramref name="id"/>, or null for an id no event declared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public EventAttr? Find(ulong id) => entries[SlotOf(id)].Attr;

    private void Add(ulong id, EventAttr attr)
    {
        var slot = SlotOf(id);
        if (entries[slot].Attr is null && mapped < entries.Length / 2)
        {
            entries[slot] = new Entry(id, attr);
            mapped++;
        }
    }

    /// <summary>The slot holding <paramref name="id"/>, or the empty one where it would go.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(ulong id)
    {
        var mask = entries.Length - 1;
        var slot = (int)(unchecked(id * 0x9E3779B97F4A7C15) >> shift);
        while (entries[slot] is { Attr: not null } entry && entry.Id != id)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    // An id beside its event: one probe reads one cache line, not one in each of two arrays.
    private readonly struct Entry(ulong id, EventAttr attr)
    {
        public ulong Id { get; } = id;

        public EventAttr? Attr { get; } = attr;
    }
}
