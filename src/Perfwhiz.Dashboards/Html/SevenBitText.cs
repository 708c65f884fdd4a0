using System.Buffers.Binary;

namespace Perfwhiz.Dashboards;

/// <summary>
/// Bytes as the text of an HTML script element, 8 bits in 7 where base64 takes 8 in 6 (a page 14 %
/// smaller): the bits in 7-bit groups, each group one ASCII byte, except the three values the
/// element cannot carry as they are (NUL; CR, which HTML rewrites; '&lt;', which could close the
/// element): such a group and the next one share one two-byte UTF-8 character, U+0080 + the value's
/// place among the three × 128 + the next group. The last group is padded with zero bits and the
/// reader is told the byte count (web/src/seven-bit-text.js reads it back).
/// </summary>
internal static class SevenBitText
{
    private const int NoEscape = -1;

    private static ReadOnlySpan<byte> Escaped => [0x00, 0x0D, (byte)'<'];

    /// <returns>The text, in the start of an array a little longer (a page's megabytes are not copied again to trim it).</returns>
    public static ArraySegment<byte> Encode(ReadOnlySpan<byte> bytes)
    {
        var groups = (bytes.Length * 8 + 6) / 7;
        // Room for a whole block's groups written at once.
        var output = new byte[groups + 8];
        var length = 0;
        var escape = NoEscape;

        // 7 bytes make 8 groups: the blocks of a page's megabytes, most with no group to escape,
        // go out as one word each (the groups of the block in order, one a byte).
        var blocks = bytes.Length / 7;
        for (var block = 0; block < blocks; block++)
        {
            var bits = Read56(bytes[(block * 7)..]);
            ulong word = 0;
            for (var group = 0; group < 8; group++)
            {
                word |= ((bits >> (49 - (7 * group))) & 0x7F) << (8 * group);
            }

            if (escape == NoEscape && !HasEscaped(word))
            {
                BinaryPrimitives.WriteUInt64LittleEndian(output.AsSpan(length), word);
                length += 8;
                continue;
            }

            for (var group = 0; group < 8; group++)
            {
                Write((int)(word >> (8 * group)) & 0x7F, output, ref length, ref escape);
            }
        }

        var buffer = 0;
        var pending = 0;
        foreach (var b in bytes[(blocks * 7)..])
        {
            buffer = ((buffer << 8) | b) & 0x7FFF;
            pending += 8;
            while (pending >= 7)
            {
                pending -= 7;
                Write((buffer >> pending) & 0x7F, output, ref length, ref escape);
            }
        }

        if (pending > 0)
        {
            Write((buffer << (7 - pending)) & 0x7F, output, ref length, ref escape);
        }

        if (escape != NoEscape)
        {
            // The last group escaped: its partner is a padding group, past the byte count.
            Write(0, output, ref length, ref escape);
        }

        return new ArraySegment<byte>(output, 0, length);
    }

    /// <summary>The first 7 bytes as a big-endian number.</summary>
    private static ulong Read56(ReadOnlySpan<byte> bytes) => bytes.Length >= 8
        ? BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 8
        : ((ulong)BinaryPrimitives.ReadUInt32BigEndian(bytes) << 24) | ((ulong)BinaryPrimitives.ReadUInt16BigEndian(bytes[4..]) << 8) | bytes[6];

    /// <summary>Whether a byte of <paramref name="word"/> (each below 0x80) is NUL, CR or '&lt;' (bytes equal to zero after an exclusive or).</summary>
    private static bool HasEscaped(ulong word)
    {
        const ulong Ones = 0x0101010101010101;
        const ulong Highs = 0x8080808080808080;
        static ulong ZeroBytes(ulong value) => (value - Ones) & ~value & Highs;
        return (ZeroBytes(word) | ZeroBytes(word ^ (Ones * 0x0D)) | ZeroBytes(word ^ (Ones * '<'))) != 0;
    }

    private static void Write(int group, byte[] output, ref int length, ref int escape)
    {
        if (escape != NoEscape)
        {
            var codePoint = 0x80 + (escape << 7) + group;
            output[length++] = (byte)(0xC0 | (codePoint >> 6));
            output[length++] = (byte)(0x80 | (codePoint & 0x3F));
            escape = NoEscape;
        }
        else if (Escaped.IndexOf((byte)group) is var place and >= 0)
        {
            escape = place;
        }
        else
        {
            output[length++] = (byte)group;
        }
    }
}
