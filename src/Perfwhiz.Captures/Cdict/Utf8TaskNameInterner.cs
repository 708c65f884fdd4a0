using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Interns task names straight from their UTF-8 bytes, with no string built per row: a small
/// direct-mapped cache answers almost every row, a dictionary keyed by the bytes answers the rest,
/// and only a name never seen before is decoded and interned in <see cref="TaskNames"/>.
/// </summary>
internal sealed class Utf8TaskNameInterner
{
    private const int CacheSlotBits = 10;

    private readonly Dictionary<byte[], int> indexByUtf8 = new(Utf8BytesComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> indexBySpan;
    private readonly byte[]?[] cachedUtf8 = new byte[1 << CacheSlotBits][];
    private readonly int[] cachedIndex = new int[1 << CacheSlotBits];

    public Utf8TaskNameInterner(TaskNames names)
    {
        Names = names;
        indexBySpan = indexByUtf8.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public TaskNames Names { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        var slot = Slot(utf8);
        if (cachedUtf8[slot] is { } cached && utf8.SequenceEqual(cached))
        {
            return cachedIndex[slot];
        }

        if (!indexBySpan.TryGetValue(utf8, out var key, out var index))
        {
            key = utf8.ToArray();
            index = InternNew(utf8);
            indexByUtf8.Add(key, index);
        }

        cachedUtf8[slot] = key;
        cachedIndex[slot] = index;
        return index;
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

    /// <summary>Decodes bytes not seen before (invalid UTF-8, as raw kernel comm bytes may be, becomes U+FFFD) and interns the text.</summary>
    private int InternNew(ReadOnlySpan<byte> utf8)
    {
        var maxChars = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        char[]? rented = null;
        var chars = maxChars <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(maxChars));
        try
        {
            return Names.Intern(chars[..Encoding.UTF8.GetChars(utf8, chars)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
