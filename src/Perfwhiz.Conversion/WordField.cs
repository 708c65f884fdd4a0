using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Perfwhiz.Perf.Tracepoints;

namespace Perfwhiz.Conversion;

/// <summary>
/// An integer field of a little-endian payload read without a branch on its size, its signedness
/// or its presence: the events of a capture interleave, so per-field branches (TraceField's switch
/// on the size) mispredict. The 8-byte word that ends where the field ends (or the payload's first,
/// for a field inside it) is shifted into place; an absent field reads as its default.
/// </summary>
internal readonly struct WordField
{
    private readonly int wordStart;
    private readonly int leftShift;
    private readonly int rightShift;
    private readonly long signMask;
    private readonly long presentMask;
    private readonly long absentValue;

    private WordField(int wordStart, int leftShift, int rightShift, long signMask, long presentMask, long absentValue, int end)
    {
        this.wordStart = wordStart;
        this.leftShift = leftShift;
        this.rightShift = rightShift;
        this.signMask = signMask;
        this.presentMask = presentMask;
        this.absentValue = absentValue;
        End = end;
    }

    /// <summary>The payload bytes <see cref="Read"/> needs; 0 when the field cannot be read this way.</summary>
    public int End { get; }

    /// <summary>The field's reader, or one reading <paramref name="absentValue"/> when <paramref name="field"/> is null.</summary>
    public static WordField For(TraceField? field, long absentValue = 0)
    {
        if (field is null)
        {
            return new WordField(0, 0, 0, 0, 0, absentValue, sizeof(ulong));
        }

        if (field.IsDataLoc || field.IsRelLoc || field.Size is not (1 or 2 or 4 or 8) || field.Offset is < 0 or > ushort.MaxValue)
        {
            return default;
        }

        var end = field.Offset + field.Size;
        var start = Math.Max(0, end - sizeof(ulong));
        return new WordField(
            start,
            leftShift: 8 * (start + sizeof(ulong) - end),
            rightShift: 8 * (sizeof(ulong) - field.Size),
            signMask: field.IsSigned ? -1 : 0,
            presentMask: -1,
            absentValue: 0,
            end: Math.Max(end, sizeof(ulong)));
    }

    /// <summary>The value; <paramref name="payload"/> holds at least <see cref="End"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Read(ReadOnlySpan<byte> payload)
    {
        var word = BinaryPrimitives.ReadUInt64LittleEndian(payload[wordStart..]) << leftShift;
        var unsigned = (long)(word >> rightShift);
        var signed = (long)word >> rightShift;
        return ((unsigned ^ ((signed ^ unsigned) & signMask)) & presentMask) | absentValue;
    }
}
