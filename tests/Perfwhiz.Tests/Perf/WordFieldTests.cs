using Perfwhiz.Conversion;
using Perfwhiz.Perf.Tracepoints;

namespace Perfwhiz.Tests.Perf;

/// <summary>The branch-free field reads the decoders use read what the format's field-by-field reads read.</summary>
[Trait("Kind", "unit")]
public sealed class WordFieldTests
{
    [Fact]
    public void EverySizeSignednessAndOffsetReadsAsTraceFieldDoes()
    {
        var random = new Random(2026);
        var cases = 0;
        foreach (var size in new[] { 1, 2, 4, 8 })
        {
            foreach (var isSigned in new[] { false, true })
            {
                for (var offset = 0; offset <= 24; offset++)
                {
                    var field = new TraceField("f", isSigned ? "int" : "unsigned int", offset, size, isSigned);
                    var reader = WordField.For(field);
                    // The shortest payload it may read, so a read past the field's end would throw.
                    var payload = new byte[reader.End];
                    for (var trial = 0; trial < 8; trial++)
                    {
                        random.NextBytes(payload);
                        payload[offset + size - 1] |= (byte)(trial % 2 == 0 ? 0x80 : 0); // negative when signed, half the time
                        Assert.True(field.TryReadInt64(payload, bigEndian: false, out var expected));
                        Assert.Equal(expected, reader.Read(payload));
                        cases++;
                    }
                }
            }
        }

        Assert.Equal(4 * 2 * 25 * 8, cases);
    }

    [Fact]
    public void AnAbsentFieldReadsItsDefault()
    {
        var payload = new byte[8];
        new Random(7).NextBytes(payload);

        Assert.Equal(-1, WordField.For(null, absentValue: -1).Read(payload));
        Assert.Equal(0, WordField.For(null).Read(payload));
    }

    [Fact]
    public void FieldsItCannotReadAreLeftToTheCarefulPath()
    {
        Assert.Equal(0, WordField.For(new TraceField("n", "u8 n[3]", 8, 3, isSigned: false)).End);
        Assert.Equal(0, WordField.For(new TraceField("s", "__data_loc char[] s", 8, 4, isSigned: false)).End);
        Assert.Equal(12, WordField.For(new TraceField("pid", "pid_t pid", 8, 4, isSigned: true)).End);
        Assert.Equal(8, WordField.For(new TraceField("common_type", "unsigned short common_type", 0, 2, isSigned: false)).End);
    }
}
