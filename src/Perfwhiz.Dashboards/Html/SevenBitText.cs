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

    public static byte[] Encode(ReadOnlySpan<byte> bytes)
    {
        var groups = (bytes.Length * 8 + 6) / 7;
        var output = new byte[groups + 2];
        var length = 0;
        var escape = NoEscape;
        var buffer = 0;
        var bits = 0;
        foreach (var b in bytes)
        {
            buffer = ((buffer << 8) | b) & 0x7FFF;
            bits += 8;
            while (bits >= 7)
            {
                bits -= 7;
                Write((buffer >> bits) & 0x7F, output, ref length, ref escape);
            }
        }

        if (bits > 0)
        {
            Write((buffer << (7 - bits)) & 0x7F, output, ref length, ref escape);
        }

        if (escape != NoEscape)
        {
            // The last group escaped: its partner is a padding group, past the byte count.
            Write(0, output, ref length, ref escape);
        }

        return output.AsSpan(0, length).ToArray();
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
