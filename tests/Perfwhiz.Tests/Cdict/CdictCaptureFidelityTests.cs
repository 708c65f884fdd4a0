using Perfwhiz.Analyses;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Conversion;

namespace Perfwhiz.Tests.Cdict;

/// <summary>A real capture must analyse the same straight from perf.data and through a cdict.</summary>
[Trait("Kind", "unit")]
public class CdictCaptureFidelityTests
{
    [Fact]
    public void WakeupLatenciesSurviveACdict()
    {
        var converted = PerfConversion.Convert(Fixtures.PerfData("sched"));
        using var stream = new MemoryStream();
        CdictFile.Write(stream, converted);

        var loaded = CdictFile.Read(stream.ToArray(), "sched.cdict");

        CaptureAssert.EventsEqual(converted, loaded);
        CaptureAssert.WakeupsEqual(converted, loaded);
        var expected = Latencies(converted);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Latencies(loaded));
    }

    /// <summary>Every measured wait as (task, start, delay), in a stable order.</summary>
    private static List<(string Task, long StartNs, long DelayNs)> Latencies(Perfwhiz.Captures.Table.Capture capture)
    {
        var keys = TaskKeys.Build(capture, new TaskNaming(AppendTid: true));
        var run = new Run("sched", "sched", capture, keys, new AnalysisWindow(0, long.MaxValue, 1.0));
        var waits = WakeupLatencyAnalysis.Measure(run, Enumerable.Repeat(true, keys.Count).ToArray());
        var latencies = new List<(string Task, long StartNs, long DelayNs)>();
        for (var i = 0; i < waits.Count; i++)
        {
            latencies.Add((keys.Name(waits.Keys[i]), waits.Starts[i], waits.Delays[i]));
        }

        return [.. latencies.Order()];
    }
}
