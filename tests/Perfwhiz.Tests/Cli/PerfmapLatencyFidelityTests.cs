using System.Text.Json;
using Perfwhiz.Captures.Cdict;

namespace Perfwhiz.Tests.Cli;

/// <summary>
/// perfmap's latency list says only what the capture can tell: no waits at all from a cdict of the
/// original perfwhiz, which has no wakeups (an off-CPU interval there may be a sleep), with a warning;
/// such a cdict still says how long it is.
/// </summary>
[Trait("Kind", "process")]
public sealed class PerfmapLatencyFidelityTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-latency-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("original-bin.cdict")]
    [InlineData("original-str.cdict")]
    public void AnOriginalCdictHasNoWakeupLatencyAndItsDuration(string name)
    {
        var cdict = Fixtures.Path($"cdict/{name}");
        var events = CdictFile.Read(cdict).Events;
        Assert.True(events.Count > 0);

        var root = Document(cdict, "-t", ".*");
        var run = root.GetProperty("runs")[0];

        Assert.Equal(0, root.GetProperty("wakeupLatency").GetArrayLength());
        Assert.Contains(run.GetProperty("warnings").EnumerateArray(), warning => warning.GetString()!.Contains("wakeup latency cannot be measured", StringComparison.Ordinal));
        Assert.Equal(events.TimeNs[events.Count - 1] / 1e6, run.GetProperty("durationMs").GetDouble(), 6);
        Assert.True(run.GetProperty("durationMs").GetDouble() > 0);
    }

    private JsonElement Document(string cdict, params string[] options)
    {
        var json = Path.Combine(folder, $"{Guid.NewGuid():N}.json");
        var (exitCode, _, error) = ToolProcess.Run("perfmap", [cdict, .. options, "--json", json]);
        Assert.True(exitCode == 0, error);
        return JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone();
    }
}
