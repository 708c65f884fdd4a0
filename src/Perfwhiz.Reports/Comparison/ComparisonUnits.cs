using System.Globalization;
using Perfwhiz.Analyses.Comparison;

namespace Perfwhiz.Reports.Comparison;

/// <summary>How compared values read: run time in % of a core, rates per second, durations in the unit that suits them.</summary>
public static class ComparisonUnits
{
    /// <summary>The unit's name in the JSON document.</summary>
    public static string Name(MetricUnit unit) => unit switch
    {
        MetricUnit.PercentOfCore => "%core",
        MetricUnit.PerSecond => "/s",
        _ => "ns",
    };

    public static string Value(double? value, MetricUnit unit) => value is not { } v ? "—" : unit switch
    {
        MetricUnit.PercentOfCore => string.Create(CultureInfo.InvariantCulture, $"{v:F2} %"),
        MetricUnit.PerSecond => Rate(v),
        _ => Duration(v),
    };

    /// <summary>A difference in the metric's unit, with its sign.</summary>
    public static string Difference(double value, MetricUnit unit) => (value > 0 ? "+" : value < 0 ? "-" : string.Empty) + unit switch
    {
        MetricUnit.PercentOfCore => string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(value):F2} pp"),
        MetricUnit.PerSecond => Rate(Math.Abs(value)),
        _ => Duration(Math.Abs(value)),
    };

    public static string Percent(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:+0.0;-0.0;0.0} %");

    private static string Rate(double perSecond) => perSecond >= 100
        ? string.Create(CultureInfo.InvariantCulture, $"{perSecond:N0}/s")
        : string.Create(CultureInfo.InvariantCulture, $"{perSecond:0.0}/s");

    private static string Duration(double ns) => ns switch
    {
        < 1e3 => string.Create(CultureInfo.InvariantCulture, $"{ns:0} ns"),
        < 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:0.0} µs"),
        < 1e9 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.00} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e9:0.000} s"),
    };
}
