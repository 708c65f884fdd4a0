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

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(20_003)]
    public void BlocksOfSevenBytesComeOutAsTheGroupsOneByOne(int length)
    {
        // Random bytes, then bytes rich in the groups that are escaped, whole blocks at a time.
        var random = new Random(length);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        for (var i = 0; i < length / 2; i++)
        {
            bytes[i] = (byte)(i % 3 == 0 ? 0 : bytes[i] & 0x3C);
        }

        Assert.Equal(GroupByGroup(bytes), SevenBitText.Encode(bytes).ToArray());
    }

    /// <summary>The definition: one 7-bit group at a time, NUL, CR and '&lt;' sharing a character with the next.</summary>
    private static byte[] GroupByGroup(byte[] bytes)
    {
        var groups = new List<int>();
        for (var bit = 0; bit < bytes.Length * 8; bit += 7)
        {
            var group = 0;
            for (var i = bit; i < bit + 7; i++)
            {
                group = (group << 1) | (i < bytes.Length * 8 ? (bytes[i / 8] >> (7 - (i % 8))) & 1 : 0);
            }

            groups.Add(group);
        }

        var text = new StringBuilder();
        for (var i = 0; i < groups.Count; i++)
        {
            var place = Array.IndexOf([0x00, 0x0D, '<'], groups[i]);
            text.Append(place < 0 ? (char)groups[i] : (char)(0x80 + (place << 7) + (i + 1 < groups.Count ? groups[++i] : 0)));
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(SevenBitText.Encode(bytes));
}
