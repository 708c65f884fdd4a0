using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Conversion;

/// <summary>
/// Interns task names straight from their UTF-8 bytes. Kernel comms fit in 16 bytes, so those are
/// looked up by their bytes as two 64-bit words in an open-addressing table: no decoding, no
/// string, for names already seen (most samples carry one or two). The byte table belongs to the
/// decoding thread; names given as text may come from any thread (the assembly's, see
/// <see cref="AssemblyThread"/>), so the task names are only touched under a lock.
/// </summary>
internal sealed class Utf8NameCache
{
    private const int ShortName = 16;
    private const int InitialBits = 10;

    private readonly TaskNames names;
    private readonly Lock namesLock = new();
    private Entry[] entries = new Entry[1 << InitialBits];
    private int shift = 64 - InitialBits;
    private int count;

    public Utf8NameCache(TaskNames names)
    {
        this.names = names;
    }

    /// <summary>The task names, safe to read once the conversion's threads are done.</summary>
    public TaskNames Names => names;

    public int Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > ShortName)
        {
            return Intern(Encoding.UTF8.GetString(utf8));
        }

        // The name's bytes, zero-padded to 16, as two words: names hold no NUL, so the padding
        // cannot make two names share a key.
        var low = utf8.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(utf8) : Partial(utf8);
        var high = utf8.Length >= 8 ? Partial(utf8[8..]) : 0;
        return Intern(low, high, utf8);
    }

    /// <summary>
    /// Interns the name in a char[16] field (every kernel comm): its bytes up to the first NUL, found
    /// in the two words of the key instead of by a search through the bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int InternCharArray(ReadOnlySpan<byte> field)
    {
        var low = BinaryPrimitives.ReadUInt64LittleEndian(field);
        var high = BinaryPrimitives.ReadUInt64LittleEndian(field[8..ShortName]);
        int length;
        if (ZeroBytes(low) is var lowZeros && lowZeros != 0)
        {
            length = BitOperations.TrailingZeroCount(lowZeros) / 8;
            low &= FirstBytes(length);
            high = 0;
        }
        else if (ZeroBytes(high) is var highZeros && highZeros != 0)
        {
            length = 8 + (BitOperations.TrailingZeroCount(highZeros) / 8);
            high &= FirstBytes(length - 8);
        }
        else
        {
            length = ShortName;
        }

        return Intern(low, high, field[..length]);
    }

    /// <summary>Interns a name given as text; any thread may call it.</summary>
    public int Intern(string name)
    {
        lock (namesLock)
        {
            return names.Intern(name);
        }
    }

    private int Intern(ulong low, ulong high, ReadOnlySpan<byte> utf8)
    {
        ref var entry = ref entries[SlotOf(low, high)];
        if (entry.IndexPlusOne != 0)
        {
            return entry.IndexPlusOne - 1;
        }

        var index = Intern(Encoding.UTF8.GetString(utf8));
        entry = new Entry(low, high, index + 1);
        if (++count > entries.Length / 2)
        {
            Grow();
        }

        return index;
    }

    /// <summary>The high bit of each zero byte of <paramref name="word"/>, exact up to the first one (the lowest set bit).</summary>
    private static ulong ZeroBytes(ulong word) => (word - 0x0101010101010101) & ~word & 0x8080808080808080;

    /// <summary>A mask keeping the first <paramref name="count"/> (0 to 8) bytes of a little-endian word.</summary>
    private static ulong FirstBytes(int count) => count == 8 ? ulong.MaxValue : (1UL << (8 * count)) - 1;

    /// <summary>Up to 8 bytes as a little-endian word, zero-padded.</summary>
    private static ulong Partial(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 8)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        }

        ulong word = 0;
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            word = (word << 8) | bytes[i];
        }

        return word;
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
