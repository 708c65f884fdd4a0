using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Perfwhiz.Captures.Table;

/// <summary>
/// Interned task names: every row stores an index into this list instead of a string. Names come
/// as text or straight as UTF-8 bytes (perf payloads, cdict columns): a small direct-mapped cache
/// answers almost every lookup by bytes, a dictionary keyed by the bytes answers the rest, and only
/// a name never seen before is decoded. Interning is not thread-safe; reading is.
/// </summary>
public sealed class TaskNames
{
    private const int CacheSlotBits = 10;

    // Names up to this many bytes are cached as two words (see Words).
    private const int ShortNameBytes = 16;

    private readonly List<string> names = [];
    private readonly Dictionary<string, int> indexByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> indexBySpan;
    private readonly Dictionary<byte[], int> indexByUtf8 = new(Utf8BytesComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> indexByUtf8Span;
    private readonly byte[]?[] cachedUtf8 = new byte[1 << CacheSlotBits][];
    private readonly int[] cachedIndex = new int[1 << CacheSlotBits];
    private readonly List<byte[]> utf8ByIndex = [];

    // Cleared slots hold length -1, which no name has.
    private readonly ShortName[] cachedShortNames = Enumerable.Repeat(new ShortName(0, 0, -1, 0), 1 << CacheSlotBits).ToArray();

    public TaskNames()
    {
        indexBySpan = indexByName.GetAlternateLookup<ReadOnlySpan<char>>();
        indexByUtf8Span = indexByUtf8.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => names.Count;

    public string this[int index] => names[index];

    public int Intern(string name)
    {
        if (indexByName.TryGetValue(name, out var index))
        {
            return index;
        }

        return Add(name);
    }

    public int Intern(ReadOnlySpan<char> name)
    {
        if (indexBySpan.TryGetValue(name, out var index))
        {
            return index;
        }

        return Add(name.ToString());
    }

    /// <summary>Interns a name given as UTF-8 (invalid UTF-8, as raw kernel comm bytes may be, becomes U+FFFD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int InternUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > ShortNameBytes)
        {
            return InternLongUtf8(utf8);
        }

        // Kernel comms (15 bytes at most) fit in two words: the cache compares those, not bytes.
        var (low, high) = Words(utf8);
        var shortSlot = ShortSlot(low, high, utf8.Length);
        ref var cachedShort = ref cachedShortNames[shortSlot];
        if (cachedShort.Low == low && cachedShort.High == high && cachedShort.Length == utf8.Length)
        {
            return cachedShort.Index;
        }

        var index = InternLongUtf8(utf8);
        cachedShort = new ShortName(low, high, utf8.Length, index);
        return index;
    }

    private int InternLongUtf8(ReadOnlySpan<byte> utf8)
    {
        var slot = Slot(utf8);
        if (cachedUtf8[slot] is { } cached && utf8.SequenceEqual(cached))
        {
            return cachedIndex[slot];
        }

        if (!indexByUtf8Span.TryGetValue(utf8, out var key, out var index))
        {
            key = utf8.ToArray();
            index = InternDecoded(utf8);
            indexByUtf8.Add(key, index);
        }

        cachedUtf8[slot] = key;
        cachedIndex[slot] = index;
        return index;
    }

    /// <summary>The name's UTF-8 bytes (encoded when it was interned, so that writers on several threads only read).</summary>
    public byte[] Utf8(int index) => utf8ByIndex[index];

    /// <summary>
    /// A name of at most <see cref="ShortNameBytes"/> bytes as two words that, with its length, tell
    /// it from every other: the words cover every byte (overlapping when shorter than 16).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Low, ulong High) Words(ReadOnlySpan<byte> utf8) => utf8.Length switch
    {
        >= 8 => (BinaryPrimitives.ReadUInt64LittleEndian(utf8), BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..])),
        >= 4 => (BinaryPrimitives.ReadUInt32LittleEndian(utf8), BinaryPrimitives.ReadUInt32LittleEndian(utf8[^4..])),
        >= 1 => (utf8[0] | ((ulong)utf8[utf8.Length / 2] << 8) | ((ulong)utf8[^1] << 16), 0),
        _ => (0, 0),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ShortSlot(ulong low, ulong high, int length)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        var hash = (BitOperations.RotateLeft(low * Multiplier, 31) ^ high ^ (ulong)length) * Multiplier;
        return (int)(hash >> (64 - CacheSlotBits));
    }

    /// <summary>A cheap hash of the whole name (names often differ only in the middle: instance-000065d7.vcpu0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        var hash = (ulong)utf8.Length;
        while (utf8.Length >= 8)
        {
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * Multiplier, 29);
            utf8 = utf8[8..];
        }

        foreach (var b in utf8)
        {
            hash = (hash ^ b) * Multiplier;
        }

        return (int)(hash >> (64 - CacheSlotBits));
    }

    private int InternDecoded(ReadOnlySpan<byte> utf8)
    {
        var maxChars = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        char[]? rented = null;
        var chars = maxChars <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(maxChars));
        try
        {
            return Intern(chars[..Encoding.UTF8.GetChars(utf8, chars)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private int Add(string name)
    {
        var index = names.Count;
        names.Add(name);
        utf8ByIndex.Add(Encoding.UTF8.GetBytes(name));
        indexByName.Add(name, index);
        return index;
    }

    private readonly record struct ShortName(ulong Low, ulong High, int Length, int Index);
}
