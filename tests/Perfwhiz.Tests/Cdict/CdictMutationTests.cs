using Perfwhiz.Captures.Cdict;

namespace Perfwhiz.Tests.Cdict;

/// <summary>Damaged cdicts must load or fail with a one-line user error naming the file, never anything else.</summary>
[Trait("Kind", "unit")]
public class CdictMutationTests
{
    private const int Rounds = 6_000;
    private const string Name = "damaged.cdict";

    [Fact]
    public void DamagedCdictsLoadOrFailAsUserErrors()
    {
        using var stream = new MemoryStream();
        CdictFile.Write(stream, SampleCaptures.AllKinds());
        var file = stream.ToArray();
        var (events, extension) = RawCdict.Split(file);
        var original = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "cdict", "original-bin.cdict"));
        var random = new Random(20_251_122);
        var loaded = 0;
        var refused = 0;

        for (var round = 0; round < Rounds; round++)
        {
            // Damage to the file itself mostly trips zlib; damage under the compression reaches the MessagePack decoding.
            var damaged = (round % 5) switch
            {
                0 => Flip(file, random),
                1 => file[..random.Next(file.Length)],
                2 => RawCdict.File(Flip(events, random), extension),
                3 => RawCdict.File(events, random.Next(2) == 0 ? Flip(extension, random) : extension[..random.Next(extension.Length)]),
                _ => random.Next(2) == 0 ? Flip(original, random) : original[..random.Next(original.Length)],
            };

            try
            {
                CdictFile.Read(damaged, Name);
                loaded++;
            }
            catch (PerfwhizException error)
            {
                Assert.StartsWith(Name, error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain('\n', error.Message);
                refused++;
            }
        }

        Assert.Equal(Rounds, loaded + refused);
        Assert.InRange(refused, Rounds / 2, Rounds);
        Assert.InRange(loaded, 1, Rounds / 2);
    }

    /// <summary>A copy with one to four bytes changed at random.</summary>
    private static byte[] Flip(byte[] original, Random random)
    {
        var copy = original.ToArray();
        var changes = random.Next(1, 5);
        for (var i = 0; i < changes; i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
        }

        return copy;
    }
}
