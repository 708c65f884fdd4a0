using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Turns the event column's UTF-8 names into <see cref="EventKind"/> through a tiny cache keyed by
/// the name's length (the five known names all differ in length), so a row costs one comparison.
/// </summary>
internal sealed class Utf8EventKindDecoder
{
    /// <summary>Marks a row whose event name perfwhiz does not know; such rows are skipped.</summary>
    public const EventKind Unknown = (EventKind)byte.MaxValue;

    private const int CacheSlots = 64;

    // No known name is longer; longer ones are unknown without decoding.
    private const int MaxKnownLength = 64;

    // The warning lists this many distinct unknown names at most, each cut to a readable length.
    private const int MaxUnknownNamesListed = 5;
    private const int MaxUnknownNameBytesShown = 60;

    private readonly (byte[]? Utf8, EventKind Kind)[] cache = new (byte[]?, EventKind)[CacheSlots];

    /// <summary>The first distinct unknown names, control characters replaced, for a warning.</summary>
    public List<string> UnknownNames { get; } = [];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public EventKind Decode(ReadOnlySpan<byte> utf8)
    {
        ref var cached = ref cache[utf8.Length % CacheSlots];
        if (cached.Utf8 is { } known && known.Length == utf8.Length && SameBytes(utf8, known))
        {
            return cached.Kind;
        }

        var kind = Parse(utf8);
        cached = (utf8.ToArray(), kind);
        return kind;
    }

    /// <summary>Equal bytes of equal lengths; up to 24 bytes (the known names) as three overlapping words rather than a call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SameBytes(ReadOnlySpan<byte> utf8, byte[] known)
    {
        if (utf8.Length is < 8 or > 24)
        {
            return utf8.SequenceEqual(known);
        }

        var middle = (utf8.Length - 8) / 2;
        return BinaryPrimitives.ReadUInt64LittleEndian(utf8) == BinaryPrimitives.ReadUInt64LittleEndian(known)
            && BinaryPrimitives.ReadUInt64LittleEndian(utf8[middle..]) == BinaryPrimitives.ReadUInt64LittleEndian(known.AsSpan(middle))
            && BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]) == BinaryPrimitives.ReadUInt64LittleEndian(known.AsSpan(known.Length - 8));
    }

    private EventKind Parse(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[MaxKnownLength];
        if (utf8.Length <= MaxKnownLength && EventKindNames.TryParse(chars[..Encoding.UTF8.GetChars(utf8, chars)], out var kind))
        {
            return kind;
        }

        var shown = string.Concat(Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, MaxUnknownNameBytesShown)]).Select(c => char.IsControl(c) ? '?' : c));
        if (UnknownNames.Count < MaxUnknownNamesListed && !UnknownNames.Contains(shown, StringComparer.Ordinal))
        {
            UnknownNames.Add(shown);
        }

        return Unknown;
    }
}
