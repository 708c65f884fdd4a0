using Perfwhiz.Reports.Json;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>The rounding of the document's and the page's times and durations: what Math.Round gives, without its call per value.</summary>
[Trait("Kind", "unit")]
public sealed class TimedSeriesRoundingTests
{
    [Fact]
    public void RoundingHalfToEvenIsMathRound()
    {
        double[] special = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, -0.0, 0.0, 4503599627370495.5, 4503599627370496.0, 9007199254740993.0, 1e300, -1e300, double.MaxValue, double.Epsilon, double.PositiveInfinity, double.NegativeInfinity];
        var random = new Random(11);
        var values = special.Concat(Enumerable.Range(0, 200_000).Select(i => (random.NextDouble() - 0.5) * Math.Pow(10, i % 20)))
            .Concat(Enumerable.Range(-100_000, 200_000).Select(i => i / 2.0));

        foreach (var value in values)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Round(value)), BitConverter.DoubleToInt64Bits(HalfToEven.Round(value)));
        }

        Assert.True(double.IsNaN(HalfToEven.Round(double.NaN)));
    }

    [Fact]
    public void MillisecondsAndMicrosecondsAreMathRoundToTheirDigits()
    {
        var random = new Random(5);
        var nanoseconds = Enumerable.Range(0, 300_000).Select(i => random.NextInt64(-(1L << (i % 63)), 1L << (i % 63)))
            .Concat([0, 500, 1_500, 2_500, -500, 999_999_999_500, long.MaxValue, long.MinValue]);

        foreach (var ns in nanoseconds)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Round(ns / 1e6, 6)), BitConverter.DoubleToInt64Bits(TimedSeries.Milliseconds(ns)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Round(ns / 1e3, 3)), BitConverter.DoubleToInt64Bits(TimedSeries.Microseconds(ns)));
        }
    }
}
