using Perfwhiz.Captures.Cdict;
using Perfwhiz.Conversion;

namespace Perfwhiz.Tests.Cli;

/// <summary>
/// How both commands read their command line: unknown options refused with the closest one, unique
/// prefixes accepted as the original's optparse did, numbers asked for in words, run names that name files.
/// </summary>
[Trait("Kind", "process")]
public sealed class CommandLineSpellingTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-cli-spelling-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void AMistypedPerfcapOptionIsRefusedNotTakenAsTheRunName()
    {
        var (exitCode, output, error) = ToolProcess.RunIn(folder, "perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--swiches");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith("perfcap: unknown option --swiches (did you mean --switches?)", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void AMistypedPerfmapOptionIsRefusedNotTakenAsAFile()
    {
        var (exitCode, _, error) = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "--heatmapz");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("perfmap: unknown option --heatmapz (did you mean --heatmaps?)", Assert.Single(Lines(error)), StringComparison.Ordinal);
        var (shortCode, _, shortError) = ToolProcess.Run("perfmap", Cdict("qemu"), "-x", "CPU");
        Assert.Equal(2, shortCode);
        Assert.Matches(@"^perfmap: unknown option -x \(did you mean -[a-z]\?\)", Assert.Single(Lines(shortError)));
    }

    [Fact]
    public void UniquePrefixesOfLongOptionsAreThoseOptions()
    {
        var json = Path.Combine(folder, "heat.json");

        var (listed, list, listError) = ToolProcess.Run("perfmap", Cdict("qemu"), "--lis");
        var (written, _, writeError) = ToolProcess.Run("perfmap", Cdict("qemu"), "--ta", "CPU", "--heatmap", "--head", "--js", json);
        var (ambiguous, _, ambiguity) = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "--he");

        Assert.True(listed == 0, listError);
        Assert.Contains("CPU 0/KVM", list, StringComparison.Ordinal);
        Assert.True(written == 0, writeError);
        Assert.Contains("\"kind\":\"heatmaps\"", File.ReadAllText(json), StringComparison.Ordinal);
        Assert.Equal(2, ambiguous);
        Assert.StartsWith("perfmap: option --he is ambiguous: it could be --headless, --heatmaps, --help", Assert.Single(Lines(ambiguity)), StringComparison.Ordinal);
    }

    [Fact]
    public void ARunNamedLikeASubcommandIsUsableAfterTheDoubleDash()
    {
        var (exitCode, _, error) = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--dest-folder", folder, "--", "vm-map");

        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(Path.Combine(folder, "vm-map.cdict")));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("sub/")]
    public void RunNamesThatNameNoFileAreRefused(string runName)
    {
        var (exitCode, _, error) = ToolProcess.RunIn(folder, "perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--", runName);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"perfcap: error: run name '{runName}' names no file", Assert.Single(Lines(error)), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    public static TheoryData<string, string[], string> BadNumbers => new()
    {
        { "perfmap", ["CDICT", "-t", "CPU", "-c", "abc"], "perfmap: --cap takes a whole number of milliseconds (0 or more), not 'abc'" },
        { "perfmap", ["CDICT", "-t", "CPU", "--from", "1.5"], "perfmap: --from takes a whole number of milliseconds (0 or more), not '1.5'" },
        { "perfmap", ["CDICT", "-t", "CPU", "-c", "-5"], "perfmap: --cap takes a whole number of milliseconds (0 or more), not '-5'" },
        { "perfcap", ["--use-perf-data", "SCHED", "-s", "soon", "run"], "perfcap: --sleep takes a number of seconds (e.g. 5 or 0.5), not 'soon'" },
    };

    [Theory]
    [MemberData(nameof(BadNumbers))]
    public void NumbersAreAskedForInWordsNotDotNetTypes(string tool, string[] arguments, string message)
    {
        string[] argv = [.. arguments.Select(argument => argument switch { "CDICT" => Cdict("qemu"), "SCHED" => Fixtures.PerfData("sched"), _ => argument })];

        var (exitCode, _, error) = ToolProcess.RunIn(folder, tool, argv);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpSaysWhatJsonListAndMergingDo()
    {
        var (exitCode, help, _) = ToolProcess.Run("perfmap", "--help");

        Assert.Equal(0, exitCode);
        var flat = string.Join(' ', help.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("as JSON to this file instead of the HTML page", flat, StringComparison.Ordinal);
        Assert.Contains("as text (not with --json)", flat, StringComparison.Ordinal);
        Assert.Contains("a '/' followed by a digit ends the name", flat, StringComparison.Ordinal);
        Assert.Contains("(the original cut at any '/')", flat, StringComparison.Ordinal);
        var (_, perfcapHelp, _) = ToolProcess.Run("perfcap", "--help");
        Assert.Contains("never a read-only one", string.Join(' ', perfcapHelp.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    internal static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

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
