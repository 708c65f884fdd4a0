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

    private readonly ulong[] ids;
    private readonly EventAttr?[] attrs;
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

        ids = new ulong[1 << bits];
        attrs = new EventAttr?[1 << bits];
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
    public EventAttr? Find(ulong id) => attrs[SlotOf(id)];

    private void Add(ulong id, EventAttr attr)
    {
        var slot = SlotOf(id);
        if (attrs[slot] is null && mapped < ids.Length / 2)
        {
            ids[slot] = id;
            attrs[slot] = attr;
            mapped++;
        }
    }

    private int SlotOf(ulong id)
    {
        var mask = ids.Length - 1;
        var slot = (int)(unchecked(id * 0x9E3779B97F4A7C15) >> shift);
        while (attrs[slot] is not null && ids[slot] != id)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }
}
