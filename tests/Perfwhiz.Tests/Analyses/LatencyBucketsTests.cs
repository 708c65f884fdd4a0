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
    public void EachTasksHistogramHoldsItsWaitsWithThePercentilesInTheirBuckets()
    {
        var capture = PerfConversion.Convert(Fixtures.PerfData("qemu"));
        var end = Math.Max(capture.Events.TimeNs[capture.Events.Count - 1], capture.Wakeups.TimeNs[capture.Wakeups.Count - 1]);
        var run = new Run("qemu.cdict", "qemu", capture, TaskKeys.Build(capture, new TaskNaming()), AnalysisWindow.For([end], null, null)[0]);
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
}
