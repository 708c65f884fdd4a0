using System.Text;
using Perfwhiz.Dashboards;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>The page's data blocks as text, worked out by hand (web/test/seven-bit-text.test.mjs reads the same back).</summary>
[Trait("Kind", "unit")]
public sealed class SevenBitTextTests
{
    [Fact]
    public void SevenBitGroupsAreAsciiAndTheLastIsPaddedWithZeroBits() =>
        // 0x41 0x42 = 0100000 1010000 10(00000).
        Assert.Equal("\x20\x50\x40", Text([0x41, 0x42]));

    [Fact]
    public void NulCrAndLessThanShareACharacterWithTheNextGroup()
    {
        // 0x00 0xff = 0000000 (NUL: place 0) 0111111, then 11(00000) = 96.
        Assert.Equal("\u00bf`", Text([0x00, 0xFF]));
        // 0x78 = 0111100 ('<': place 2), its partner a padding group of 0.
        Assert.Equal("\u0180", Text([0x78]));
        // 0x1a = 0001101 (CR: place 1) 0(000000).
        Assert.Equal("\u0100", Text([0x1A]));
    }

    [Fact]
    public void EveryGroupValueIsCarriedWithoutANulACrOrALessThan()
    {
        // Every 7-bit group value twice over, packed 8 groups in 7 bytes.
        var bytes = new byte[256 * 7 / 8];
        for (var group = 0; group < 256; group++)
        {
            for (var bit = 0; bit < 7; bit++)
            {
                if ((((group % 128) >> (6 - bit)) & 1) != 0)
                {
                    var at = (group * 7) + bit;
                    bytes[at / 8] |= (byte)(0x80 >> (at % 8));
                }
            }
        }

        var text = Text(bytes);

        Assert.DoesNotContain('<', text);
        Assert.DoesNotContain('\0', text);
        Assert.DoesNotContain('\r', text);
        // 256 groups: six escaped, each sharing a two-byte character with the next.
        Assert.Equal(250, text.Length);
        Assert.Equal(256, Encoding.UTF8.GetByteCount(text));
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(SevenBitText.Encode(bytes));
}
