using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;
using Perfwhiz.Perf;
using Perfwhiz.Tests.Cdict;

namespace Perfwhiz.Tests.Perf;

/// <summary>
/// A capture file is mapped a window at a time rather than read through a buffer: with a window
/// barely larger than a record, moved hundreds of times and across records, every fixture and
/// every cut of one convert to what the buffered reading of the same bytes makes.
/// </summary>
[Trait("Kind", "unit")]
public sealed class MappedReadTests : IDisposable
{
    // The least a window may be: one record of the largest size (a u16) and a page to spare.
    private const int SmallWindowBytes = ushort.MaxValue + 4097;

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-mapped-").FullName;

    // cycles holds no scheduler tracepoint; killed needs this boot's tracefs.
    public static TheoryData<string> Fixtures => new("lost", "qemu", "sched-pipe", "sched-z", "sched");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void EachFixtureMappedInSmallWindowsConvertsAsWhenReadThroughABuffer(string fixture)
    {
        var path = Infrastructure.Fixtures.PerfData(fixture);
        Assert.True(new FileInfo(path).Length > 4 * SmallWindowBytes, "the fixture spans several windows");

        AssertSameAsBuffered(path);
    }

    [Theory]
    [InlineData(0.37)]
    [InlineData(0.81)]
    public void ACaptureCutShortInsideARecordIsReadAsFarAsItGoesEitherWay(double keptFraction)
    {
        var whole = File.ReadAllBytes(Infrastructure.Fixtures.PerfData("sched"));
        var path = Path.Combine(folder, "cut.perf.data");
        File.WriteAllBytes(path, whole[..(int)(whole.Length * keptFraction)]);

        var capture = AssertSameAsBuffered(path);

        Assert.Contains(capture.Info.Warnings, warning => warning.Contains("truncated", StringComparison.Ordinal));
        Assert.True(capture.Events.Count > 0);
    }

    private static Capture AssertSameAsBuffered(string path)
    {
        Capture mapped;
        using (var builder = new PerfCaptureBuilder(path))
        {
            mapped = builder.Finish(PerfDataReader.Read(path, builder, SmallWindowBytes, builder.OnProgress));
        }

        // A MemoryStream cannot be mapped: its records go through the buffer.
        using var bytes = new MemoryStream(File.ReadAllBytes(path));
        var buffered = PerfConversion.Convert(bytes, path);

        CaptureAssert.EventsEqual(buffered, mapped);
        CaptureAssert.WakeupsEqual(buffered, mapped);
        CaptureAssert.InfoEqual(buffered.Info, mapped.Info);
        return mapped;
    }
}
