using Perfwhiz.Analyses;
using Perfwhiz.Analyses.Results;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Conversion;

namespace Perfwhiz.Tests.Analyses;

/// <summary>The wakeup latency distribution: log-spaced buckets, and per task the counts of its waits in them.</summary>
[Trait("Kind", "unit")]
public sealed class LatencyBucketsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(999, 0)]
    [InlineData(1_000, 1)]
    [InlineData(1_258, 1)]
    [InlineData(1_259, 2)]
    [InlineData(10_000, 11)]
    [InlineData(999_999, 30)]
    [InlineData(1_000_000, 31)]
    [InlineData(7_943_282_346, 69)]
    [InlineData(7_943_282_348, 70)]
    [InlineData(60_000_000_000, 70)]
    public void ADurationFallsInItsTenthOfADecade(long durationNs, int bucket) => Assert.Equal(bucket, LatencyBuckets.Of(durationNs));

    [Fact]
    public void EveryDurationLiesWithinItsBucketsBounds()
    {
        for (var duration = 1L; duration < 10_000_000_000; duration = (duration * 11 / 10) + 1)
        {
            var bucket = LatencyBuckets.Of(duration);
            Assert.InRange(duration, LatencyBuckets.LowerNs(bucket), LatencyBuckets.UpperNs(bucket));
            Assert.True(duration < LatencyBuckets.UpperNs(bucket), $"{duration} ns in bucket {bucket}, which ends at {LatencyBuckets.UpperNs(bucket)}");
        }
    }

    [Fact]
    public void TheBucketLookupAgreesWithTheTenthOfADecadeFormulaAroundEveryEdgeAndBetween()
    {
        static int ByFormula(long durationNs) =>
            durationNs < 1000 ? 0 : Math.Min((int)Math.Floor(Math.Log10(durationNs / 1000.0) * LatencyBuckets.PerDecade) + 1, LatencyBuckets.Count - 1);

        for (var bucket = 1; bucket < LatencyBuckets.Count; bucket++)
        {
            var edge = (long)LatencyBuckets.LowerNs(bucket);
            for (var duration = edge - 2000; duration <= edge + 2000; duration++)
            {
                Assert.Equal(ByFormula(duration), LatencyBuckets.Of(duration));
            }
        }

        var random = new Random(7);
        for (var i = 0; i < 200_000; i++)
        {
            var duration = (long)Math.Pow(10, random.NextDouble() * 12);
            Assert.Equal(ByFormula(duration), LatencyBuckets.Of(duration));
        }

        Assert.Equal(LatencyBuckets.Count - 1, LatencyBuckets.Of(long.MaxValue));
        Assert.Equal(0, LatencyBuckets.Of(long.MinValue));
    }

    [Fact]
    public void EachTasksPercentilesAreItsSortedWaitsAtTheNearestRanks()
    {
        var run = QemuRun();
        var waits = WakeupLatencyAnalysis.MeasureAll(run);
        var summaries = WakeupLatencyAnalysis.Compute(run, waits);

        Assert.Contains(summaries, task => task.Count > 100);
        foreach (var task in summaries)
        {
            var keys = waits.Keys.ToArray();
            var sorted = waits.Delays.ToArray().Where((_, i) => keys[i] == task.Key).Order().ToArray();
            long NearestRank(int percent) => sorted[Math.Max((int)Math.Ceiling(percent / 100.0 * sorted.Length), 1) - 1];
            Assert.Equal((NearestRank(50), NearestRank(95), NearestRank(99), sorted[^1]), (task.P50Ns, task.P95Ns, task.P99Ns, task.MaxNs));
        }
    }

    [Fact]
    public void EachTasksHistogramHoldsItsWaitsWithThePercentilesInTheirBuckets()
    {
        var run = QemuRun();
        var summaries = WakeupLatencyAnalysis.Compute(run, [.. Enumerable.Repeat(true, run.Keys.Count)]);

        Assert.NotEmpty(summaries);
        foreach (var task in summaries)
        {
            Assert.Equal(LatencyBuckets.Count, task.Histogram.Length);
            Assert.Equal(task.Count, task.Histogram.Sum());
            Assert.Equal(LatencyBuckets.Of(task.MaxNs), Array.FindLastIndex(task.Histogram, count => count > 0));
            // Nearest rank: at least half the waits are at most p50, fewer than half under it.
            var p50 = LatencyBuckets.Of(task.P50Ns);
            Assert.True(task.Histogram.Take(p50 + 1).Sum() * 2 >= task.Count, $"{run.Keys.Name(task.Key)}: p50 {task.P50Ns} ns");
            Assert.True(task.Histogram.Take(p50).Sum() * 2 < task.Count + 1, $"{run.Keys.Name(task.Key)}: p50 {task.P50Ns} ns");
        }
    }

    private static Run QemuRun()
    {
        var capture = PerfConversion.Convert(Fixtures.PerfData("qemu"));
        var end = Math.Max(capture.Events.TimeNs[capture.Events.Count - 1], capture.Wakeups.TimeNs[capture.Wakeups.Count - 1]);
        return new Run("qemu.cdict", "qemu", capture, TaskKeys.Build(capture, new TaskNaming()), AnalysisWindow.For([end], null, null)[0]);
    }
}
