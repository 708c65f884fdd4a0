using System.Buffers.Binary;
using System.Text;
using Perfwhiz.Events.Table;

namespace Perfwhiz.Events.Conversion;

/// <summary>
/// Interns task names straight from their UTF-8 bytes. Kernel comms fit in 16 bytes, so those are
/// looked up by their bytes as two 64-bit words in an open-addressing table: no decoding, no
/// string, for names already seen (most samples carry one or two).
/// </summary>
internal sealed class Utf8NameCache
{
    private const int ShortName = 16;
    private const int InitialBits = 10;

    private readonly TaskNames names;
    private Entry[] entries = new Entry[1 << InitialBits];
    private int shift = 64 - InitialBits;
    private int count;

    public Utf8NameCache(TaskNames names)
    {
        this.names = names;
    }

    public int Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > ShortName)
        {
            return names.Intern(Encoding.UTF8.GetString(utf8));
        }

        // Names hold no NUL, so zero padding cannot make two names share a key.
        Span<byte> padded = stackalloc byte[ShortName];
        padded.Clear();
        utf8.CopyTo(padded);
        var low = BinaryPrimitives.ReadUInt64LittleEndian(padded);
        var high = BinaryPrimitives.ReadUInt64LittleEndian(padded[8..]);
        var slot = SlotOf(low, high);
        ref var entry = ref entries[slot];
        if (entry.IndexPlusOne != 0)
        {
            return entry.IndexPlusOne - 1;
        }

        var index = names.Intern(Encoding.UTF8.GetString(utf8));
        entry = new Entry(low, high, index + 1);
        if (++count > entries.Length / 2)
        {
            Grow();
        }

        return index;
    }

    /// <summary>The slot holding the name (low, high), or the free slot where it would go.</summary>
    private int SlotOf(ulong low, ulong high)
    {
        var mask = entries.Length - 1;
        var slot = (int)(unchecked(((low * 0x9E3779B97F4A7C15) ^ high) * 0x9E3779B97F4A7C15) >> shift);
        while (entries[slot].IndexPlusOne != 0 && (entries[slot].Low != low || entries[slot].High != high))
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
            if (entry.IndexPlusOne != 0)
            {
                entries[SlotOf(entry.Low, entry.High)] = entry;
            }
        }
    }

    /// <param name="IndexPlusOne">The name's index in the task names plus one; 0 marks a free slot.</param>
    private readonly record struct Entry(ulong Low, ulong High, int IndexPlusOne);
}
