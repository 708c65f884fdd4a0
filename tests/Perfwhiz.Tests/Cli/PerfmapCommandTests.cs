using System.Text.Json;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Conversion;
using Perfwhiz.Tests.Cdict;

namespace Perfwhiz.Tests.Cli;

/// <summary>perfmap end to end on cdicts converted from the real fixtures.</summary>
[Trait("Kind", "process")]
public sealed class PerfmapCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-perfmap-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ListsEveryTaskWithItsTidAndEventCount()
    {
        var (exitCode, output, _) = ToolProcess.Run("perfmap", Cdict("qemu"), "--list");

        Assert.Equal(0, exitCode);
        Assert.Contains("List of tids and task names sorted by event count", output, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+13547\s+\d+\s+CPU 0/KVM\n", output);
    }

    [Fact]
    public void ShowsTheSuccessorsOfATask()
    {
        var (exitCode, output, _) = ToolProcess.Run("perfmap", Cdict("qemu"), "--successors-of", "13547");

        Assert.Equal(0, exitCode);
        Assert.Contains("Successors of CPU 0/KVM:13547 (qemu)", output, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+\d+\s+\d+\.\d\d%\s+kvm-pit\n", output);
    }

    [Fact]
    public void WritesTheChartsDocumentWithAnnotatedNames()
    {
        var json = Path.Combine(folder, "charts.json");

        var (exitCode, output, _) = ToolProcess.Run("perfmap", Cdict("qemu"), "--map", Fixtures.Path("perf/qemu.map.csv"), "-t", "router", "--json", json);

        Assert.Equal(0, exitCode);
        Assert.Contains("10 threads renamed", output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal("charts", root.GetProperty("kind").GetString());
        var tasks = root.GetProperty("cpuUsage").EnumerateArray().Select(task => task.GetProperty("task").GetString()).ToList();
        Assert.Contains("router.01.vcpu0", tasks);
        Assert.All(tasks, task => Assert.StartsWith("router.", task, StringComparison.Ordinal));
        Assert.StartsWith("CSV map", root.GetProperty("runs")[0].GetProperty("annotationSource").GetString(), StringComparison.Ordinal);
        Assert.True(root.GetProperty("coreMaps")[0].GetProperty("maxCore").GetInt32() >= 31);
        Assert.NotEqual(0, root.GetProperty("wakeupLatency").GetArrayLength());
    }

    [Fact]
    public void DiffNamesTasksByRun()
    {
        var json = Path.Combine(folder, "diff.json");

        var (exitCode, _, _) = ToolProcess.Run("perfmap", Cdict("sched"), Cdict("sched-z"), "-t", "sched-messaging", "--json", json);

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var tasks = document.RootElement.GetProperty("cpuUsage").EnumerateArray().Select(task => task.GetProperty("task").GetString()).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(["sched-messaging.sched", "sched-messaging.sched-z"], tasks.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WritesTheHeatmapsDocument()
    {
        var json = Path.Combine(folder, "heatmaps.json");

        var (exitCode, _, _) = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "--heatmaps", "--json", json);

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var heatmaps = document.RootElement.GetProperty("heatmaps");
        Assert.Equal(["CPU 0/KVM", "CPU 1/KVM"], heatmaps.EnumerateArray().Select(task => task.GetProperty("task").GetString()));
        Assert.True(heatmaps[0].GetProperty("switches").GetProperty("timesMs").GetArrayLength() > 100);
    }

    public static TheoryData<string, string[], string> UserErrors => new()
    {
        { "unknown-task", ["-t", "CPU 9/KVMX"], "no task matches 'CPU 9/KVMX'; closest task names: CPU 0/KVM, CPU 1/KVM" },
        { "no-task", [], "--task <task_regex> is required" },
        { "far-from", ["-t", "CPU", "--from", "100000"], "--from 100000 msec is beyond the end of the shortest capture" },
        { "bad-regex", ["-t", "CPU(["], "invalid task regex 'CPU(['" },
        { "bad-map", ["-t", "CPU", "--map", "MAP"], "map.csv, line 2: 3 fields instead of 7" },
        { "heatmaps-of-two", ["SECOND", "-t", "CPU", "--heatmaps"], "--heatmaps takes exactly one cdict file" },
    };

    [Theory]
    [MemberData(nameof(UserErrors))]
    public void UserErrorsGetOneClearLineAndWriteNothing(string name, string[] arguments, string message)
    {
        var map = Path.Combine(folder, "map.csv");
        File.WriteAllText(map, "13547,,vcpu0,,,1,router\n1,2,3\n");
        var json = Path.Combine(folder, name + ".json");
        string[] argv = [Cdict("qemu"), .. arguments.Select(argument => argument switch { "MAP" => map, "SECOND" => Cdict("sched"), _ => argument }), "--json", json];

        AssertOneErrorLine(ToolProcess.Run("perfmap", argv), message);
        Assert.False(File.Exists(json));
    }

    public static TheoryData<string, string> BadCdicts => new()
    {
        { "not-zlib", "is not zlib data, so this is not a cdict" },
        { "zlib-not-msgpack", "expected the event map (a map of columns) at byte 0" },
        { "unequal-columns", "unequal" },
        { "missing-columns", "missing" },
    };

    [Theory]
    [MemberData(nameof(BadCdicts))]
    public void BadCdictsGetOneClearLineAndWriteNothing(string name, string message)
    {
        var path = Path.Combine(folder, name + ".cdict");
        var columns = RawCdict.ValidColumns();
        File.WriteAllBytes(path, name switch
        {
            "not-zlib" => [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 31))],
            "zlib-not-msgpack" => RawCdict.Zlib("this is text, not msgpack"u8.ToArray()),
            "unequal-columns" => RawCdict.File(RawCdict.Columns(columns.Select((column, i) => i == 2 ? (column.Name, column.Values[..^1]) : column))),
            _ => RawCdict.File(RawCdict.Columns(columns.Skip(2))),
        });
        var json = Path.Combine(folder, name + ".json");

        var result = ToolProcess.Run("perfmap", path, "-t", ".*", "--json", json);

        AssertOneErrorLine(result, message);
        Assert.False(File.Exists(json));
    }

    private static void AssertOneErrorLine((int ExitCode, string Output, string Error) result, string message)
    {
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("perfmap: error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    private string Cdict(string fixture)
    {
        var path = Path.Combine(folder, fixture + ".cdict");
        if (!File.Exists(path))
        {
            CdictFile.Write(path, PerfConversion.Convert(Fixtures.PerfData(fixture)));
        }

        return path;
    }
}
