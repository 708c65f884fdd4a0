namespace Perfwhiz.Conversion;

/// <summary>
/// A map from a pid or tid to a number, with the part of Dictionary's API the conversion uses on
/// every event. Open addressing over one array; a removed key keeps its slot (pids come back), so
/// nothing is ever deleted. It is neither Dictionary nor generic so that ReadyToRun precompiles it:
/// instantiations over runtime types only are left to the JIT, which starts them unoptimized in a
/// process that lives a tenth of a second.
/// </summary>
internal sealed class PidMap
{
    private const int InitialBits = 8;

    private Entry[] entries = new Entry[1 << InitialBits];
    private int shift = 32 - InitialBits;
    private int slotsTaken;

    private enum SlotState : byte
    {
        Free,
        Removed,
        Present,
    }

    /// <summary>As CollectionsMarshal.GetValueRefOrAddDefault: the value's storage, added as default when absent.</summary>
    public ref long GetValueRefOrAddDefault(int key, out bool exists)
    {
        var slot = SlotOf(key);
        ref var entry = ref entries[slot];
        exists = entry.State == SlotState.Present;
        if (!exists)
        {
            if (entry.State == SlotState.Free)
            {
                if (slotsTaken >= entries.Length / 2)
                {
                    Grow();
                    return ref GetValueRefOrAddDefault(key, out exists);
                }

                slotsTaken++;
                entry.Key = key;
            }

            entry.State = SlotState.Present;
            entry.Value = default;
        }

        return ref entry.Value;
    }

    public long this[int key]
    {
        set => GetValueRefOrAddDefault(key, out _) = value;
    }

    public bool TryGetValue(int key, out long value)
    {
        ref var entry = ref entries[SlotOf(key)];
        value = entry.Value;
        return entry.State == SlotState.Present;
    }

    public bool ContainsKey(int key) => entries[SlotOf(key)].State == SlotState.Present;

    public bool Remove(int key, out long value)
    {
        ref var entry = ref entries[SlotOf(key)];
        value = entry.Value;
        if (entry.State != SlotState.Present)
        {
            return false;
        }

        entry.State = SlotState.Removed;
        return true;
    }

    /// <summary>The slot that holds <paramref name="key"/>, or the free slot where it would go.</summary>
    private int SlotOf(int key)
    {
        var mask = entries.Length - 1;
        var slot = (int)(unchecked((uint)key * 0x9E3779B1u) >> shift); // Fibonacci hashing spreads consecutive pids
        while (entries[slot].State != SlotState.Free && entries[slot].Key != key)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Grow()
    {
        var old = entries;
        entries = new Entry[old.Length * 2];
        shift--;
        foreach (var entry in old)
        {
            if (entry.State != SlotState.Free)
            {
                entries[SlotOf(entry.Key)] = entry;
            }
        }
    }

    private struct Entry
    {
        public int Key;
        public SlotState State;
        public long Value;
    }
}
