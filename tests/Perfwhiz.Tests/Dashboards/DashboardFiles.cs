using System.Text.Json;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Conversion;
using Perfwhiz.Tests.Cli;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// A dashboard made by the real perfmap from a real capture, with the JSON document perfmap writes
/// for the same options: what the page shows is checked against it.
/// </summary>
internal sealed record DashboardFiles(string Html, JsonElement Document)
{
    public static DashboardFiles Make(string folder, string[] captures, params string[] options)
    {
        return MakeFromCdicts(folder, [.. captures.Select(capture => Cdict(folder, capture))], options);
    }

    public static DashboardFiles MakeFromCdicts(string folder, string[] cdicts, params string[] options)
    {
        var json = Path.Combine(folder, $"{Guid.NewGuid():N}.json");
        var (jsonExit, _, jsonError) = ToolProcess.Run("perfmap", [.. cdicts, .. options, "--json", json]);
        Assert.True(jsonExit == 0, jsonError);
        var (htmlExit, output, htmlError) = ToolProcess.Run("perfmap", [.. cdicts, .. options, "--headless"]);
        Assert.True(htmlExit == 0, htmlError);
        var saved = output.Split('\n').Single(line => line.StartsWith("Saved to ", StringComparison.Ordinal));
        var html = saved["Saved to ".Length..saved.LastIndexOf(" (", StringComparison.Ordinal)];
        Assert.Matches(@"^Saved to .+\.html \([\d,]+ Kbytes\)$", saved);
        return new DashboardFiles(html, JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone());
    }

    // "hostile" is the capture of tests/fixtures/hostile, the others those of tests/fixtures/perf.
    public static string Cdict(string folder, string capture)
    {
        var path = Path.Combine(folder, capture + ".cdict");
        if (!File.Exists(path))
        {
            var perfData = capture == "hostile" ? Fixtures.Path("hostile/hostile.perf.data") : Fixtures.PerfData(capture);
            CdictFile.Write(path, PerfConversion.Convert(perfData));
        }

        return path;
    }
}
