using Perfwhiz.Analyses.Comparison;

namespace Perfwhiz.Tests.Comparison;

/// <summary>
/// The comparison's statistics on synthetic runs with a known effect and with none: its 95 %
/// intervals hold the true change about 95 % of the time, over many seeds. Measured (200 seeds,
/// 100 slices, load correlated over a few slices): 0.88 for run time without an effect, 0.86 for
/// the worst metric with one, 0.90 or more for the others; the
/// percentile block bootstrap is known to make intervals a little narrow on correlated data
/// (README, "Comparing runs"), so the bounds say "close to 95 %", not "at least".
/// </summary>
[Trait("Kind", "unit")]
public sealed class BootstrapStatisticsTests
{
    private const int Seeds = 200;
    private const int Slices = 100; // 5 s of 50 ms slices
    private static readonly ComparisonSettings Settings = new(Resamples: 400);

    [Theory]
    [InlineData("runtime")]
    [InlineData("switches")]
    [InlineData("slice.p50")]
    [InlineData("slice.p95")]
    public void WithoutAnEffectTheIntervalHoldsZeroAbout95PercentOfTheTime(string metric)
    {
        var held = 0;
        var same = 0;
        for (var seed = 0; seed < Seeds; seed++)
        {
            var change = Row(SyntheticRuns.Make(2 * seed, Slices), SyntheticRuns.Make((2 * seed) + 1, Slices), metric);
            held += change.DifferenceLow <= 0 && change.DifferenceHigh >= 0 ? 1 : 0;
            same += change.Verdict == Verdict.Same ? 1 : 0;
        }

        var coverage = held / (double)Seeds;
        Assert.InRange(coverage, 0.85, 0.99);
        Assert.True(same >= held, $"{same} same verdicts for {held} intervals holding 0");
    }

    [Fact]
    public void WithRunsLongerByAThirdTheIntervalHoldsTheTrueChangeAndTheVerdictSaysSo()
    {
        // Run lengths × 4/3: run time per switch and run time (the count does not change) rise by a third.
        var heldRuntime = 0;
        var heldSlice = 0;
        var better = 0;
        for (var seed = 0; seed < Seeds; seed++)
        {
            var baseRun = SyntheticRuns.Make(2 * seed, Slices);
            var otherRun = SyntheticRuns.Make((2 * seed) + 1, Slices, runLengthFactor: 4.0 / 3);
            var runtime = Row(baseRun, otherRun, "runtime");
            var slice = Row(baseRun, otherRun, "slice.p50");
            heldRuntime += runtime.ChangeLowPercent <= 33.3 && runtime.ChangeHighPercent >= 33.3 ? 1 : 0;
            heldSlice += slice.ChangeLowPercent <= 33.3 && slice.ChangeHighPercent >= 33.3 ? 1 : 0;
            better += runtime.Verdict == Verdict.Better ? 1 : 0; // more run time is better
        }

        Assert.InRange(heldRuntime / (double)Seeds, 0.83, 0.995);
        Assert.InRange(heldSlice / (double)Seeds, 0.83, 0.995);
        Assert.True(better >= 0.9 * Seeds, $"{better} of {Seeds} runtime rows better");
    }

    [Fact]
    public void TheSameInputsGiveTheSameOutput()
    {
        var first = RunComparison.Compare(SyntheticRuns.Make(1, 40), SyntheticRuns.Make(2, 40), Settings, code => code.ToString());
        var again = RunComparison.Compare(SyntheticRuns.Make(1, 40), SyntheticRuns.Make(2, 40), Settings, code => code.ToString());

        Assert.Equal(first.Changes, again.Changes);
    }

    [Fact]
    public void ResampledQuantilesReadFromBucketsAreWithinTheBucketWidth()
    {
        var run = SyntheticRuns.Make(7, 40);
        var distribution = run.Tasks["worker"].RunPerSwitch!;

        foreach (var fraction in new[] { 0.5, 0.95, 0.99 })
        {
            var exact = distribution.Quantile(fraction);
            Assert.InRange(distribution.Quantile(fraction, SliceBlocks.Whole(run.Slices)), exact * 0.99, exact * 1.01);
        }
    }

    [Fact]
    public void BlocksAreConsecutiveSlicesAndEveryResampleHasTheRunsLength()
    {
        var bootstrap = new BlockBootstrap(slices: 27, resamples: 50, seed: 3);

        Assert.Equal(3, bootstrap.BlockLength);
        for (var resample = 0; resample < 50; resample++)
        {
            Assert.Equal(27, bootstrap.Weights(resample).ToArray().Sum());
        }
    }

    [Fact]
    public void APercentileWithTooFewValuesBeyondItGetsNoIntervalAndNoVerdict()
    {
        // 5 slices of about 20 runs each: about 100 run times, enough for p50 (20), not for p95 (200).
        var baseRun = SyntheticRuns.Make(1, 5);
        var otherRun = SyntheticRuns.Make(2, 5, runLengthFactor: 2);

        var median = Row(baseRun, otherRun, "slice.p50");
        var tail = Row(baseRun, otherRun, "slice.p95");

        Assert.InRange(baseRun.Tasks["worker"].RunPerSwitch!.Count, 20, 199);
        Assert.Equal(Verdict.Better, median.Verdict); // doubled run lengths: it ran in longer pieces
        Assert.NotNull(median.DifferenceLow);
        Assert.True(tail.ChangePercent > 50, $"{tail.ChangePercent}");
        Assert.Equal((Verdict.Same, null, null), (tail.Verdict, tail.DifferenceLow, tail.DifferenceHigh));
    }

    [Fact]
    public void ASumOverAResamplesBlocksIsItsWeightedSumOverTheSlices()
    {
        var random = new Random(5);
        foreach (var slices in new[] { 1, 2, 27, 100, 1040 })
        {
            var series = Enumerable.Range(0, slices).Select(_ => random.NextInt64(1_000_000_000)).ToArray();
            var prefix = SliceBlocks.Prefix(series);
            var bootstrap = new BlockBootstrap(slices, resamples: 50, seed: (ulong)slices);
            for (var resample = 0; resample < bootstrap.Resamples; resample++)
            {
                var weights = bootstrap.Weights(resample);
                var weighted = 0L;
                for (var slice = 0; slice < slices; slice++)
                {
                    weighted += weights[slice] * series[slice];
                }

                Assert.Equal(weighted, bootstrap.Blocks(resample).Sum<long>(prefix));
            }

            Assert.Equal(series.Sum(), SliceBlocks.Whole(slices).Sum<long>(prefix));
        }
    }

    private static MetricChange Row(RunSlices baseRun, RunSlices otherRun, string metric) =>
        Assert.Single(RunComparison.Compare(baseRun, otherRun, Settings, code => code.ToString()).Changes, change => change.Metric.Name == metric);
}
