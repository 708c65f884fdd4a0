using System.Text.Json;

namespace Perfwhiz.Tests.Comparison;

/// <summary>Reading the rows of a <c>perfmap --compare --json</c> document, for the process tests on the compare fixtures.</summary>
internal static class CompareRows
{
    public static IEnumerable<JsonElement> Rows(JsonDocument document) =>
        document.RootElement.GetProperty("comparisons").EnumerateArray().SelectMany(run => run.GetProperty("rows").EnumerateArray());

    public static IEnumerable<string> NotSame(IEnumerable<JsonElement> rows) => rows
        .Where(row => Verdict(row) != "same")
        .Select(row => $"{row.GetProperty("task")} {row.GetProperty("metric")} {row.GetProperty("changePercent")} {row.GetProperty("verdict")}");

    public static string Verdict(JsonElement row) => row.GetProperty("verdict").GetString()!;

    /// <summary>A cdict of tests/fixtures/compare.</summary>
    public static string Fixture(string name) => Fixtures.Path($"compare/{name}.cdict");
}
