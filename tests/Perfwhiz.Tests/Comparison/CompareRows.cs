using System.Text.Json;

namespace Perfwhiz.Tests.Comparison;

/// <summary>Reading the rows of a <c>perfmap --compare --json</c> document, for the process tests on the compare fixtures.</summary>
internal static class CompareRows
{
    /// <summary>The VMs' threads in the compare fixtures, and their vCPUs only.</summary>
    public const string Vms = "router|firewall";

    public const string Vcpus = ".*vcpu";

    public static IEnumerable<JsonElement> Rows(JsonDocument document) =>
        document.RootElement.GetProperty("comparisons").EnumerateArray().SelectMany(run => run.GetProperty("rows").EnumerateArray());

    public static IEnumerable<string> NotSame(IEnumerable<JsonElement> rows) => rows
        .Where(row => Verdict(row) != "same")
        .Select(row => $"{row.GetProperty("task")} {row.GetProperty("metric")} {row.GetProperty("changePercent")} {row.GetProperty("verdict")}");

    public static string Verdict(JsonElement row) => row.GetProperty("verdict").GetString()!;

    /// <summary>Runs <c>perfmap --compare</c> on cdicts of tests/fixtures/compare with a map of it, and reads its JSON (written into <paramref name="folder"/>).</summary>
    public static JsonDocument Compare(string folder, string tasks, string map, string[] runs, params string[] options)
    {
        var json = Path.Combine(folder, string.Join('-', [.. options, .. runs]) + ".json");
        var (exitCode, output, error) = ToolProcess.Run("perfmap", ["--compare", .. options, .. runs.Select(Fixture), "-t", tasks, "--map", Fixtures.Path($"compare/{map}"), "--json", json]);
        Assert.True(exitCode == 0, $"exit {exitCode}: {error}\n{output}");
        return JsonDocument.Parse(File.ReadAllText(json));
    }

    /// <summary>A cdict of tests/fixtures/compare.</summary>
    public static string Fixture(string name) => Fixtures.Path($"compare/{name}.cdict");
}
