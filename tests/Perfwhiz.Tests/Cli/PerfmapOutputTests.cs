using System.Text.Json;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Conversion;
using Perfwhiz.Tests.Cdict;

namespace Perfwhiz.Tests.Cli;

/// <summary>perfmap's outputs and answers, as a user sees them: file names, windows, labels, suggestions.</summary>
[Trait("Kind", "process")]
public sealed class PerfmapOutputTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-perfmap-output-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TheCdictExtensionIsAddedWhenMissingAsTheOriginalDid()
    {
        var cdict = Cdict("qemu");
        var json = Path.Combine(folder, "bare.json");

        var (exitCode, _, error) = ToolProcess.Run("perfmap", cdict[..^".cdict".Length], "-t", "CPU", "--json", json);
        var (remapped, output, remapError) = ToolProcess.Run("perfcap", "--remap", cdict[..^".cdict".Length], "--map", Fixtures.Path("perf/qemu.map.csv"));

        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(json));
        Assert.True(remapped == 0, remapError);
        Assert.StartsWith($"Remapped {cdict}: 10 threads renamed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyLabelFallsBackToTheDefault()
    {
        var (exitCode, _, error) = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "--label", "", "--headless");

        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(Path.Combine(folder, "qemu-charts_CPU.html")), string.Join(", ", Directory.GetFiles(folder)));
    }

    [Fact]
    public void CapZeroIsTheWholeCaptureAsTheOriginal()
    {
        var whole = Path.Combine(folder, "whole.json");
        var capZero = Path.Combine(folder, "cap0.json");

        Assert.Equal(0, ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "--json", whole).ExitCode);
        var (exitCode, _, error) = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "-c", "0", "--json", capZero);

        Assert.True(exitCode == 0, error);
        Assert.Equal(Window(whole), Window(capZero));
        Assert.True(Window(whole).ToMs > 0);
    }

    [Fact]
    public void AWindowedPageDoesNotOverwriteTheWholeCapturesPage()
    {
        Assert.Equal(0, ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "--headless").ExitCode);
        var (exitCode, output, error) = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "-f", "10", "-c", "50", "--headless");

        Assert.True(exitCode == 0, error);
        var windowed = Path.Combine(folder, "qemu-charts_CPU-from10ms-cap50ms.html");
        Assert.Contains($"Saved to {windowed}", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "qemu-charts_CPU.html")));
    }

    [Fact]
    public void PageFileNamesHoldNoRegexOrMarkupCharacters()
    {
        var (exitCode, _, error) = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "</script><b>x|CPU.*[01]", "--headless");

        Assert.True(exitCode == 0, error);
        var page = Path.GetFileName(Assert.Single(Directory.GetFiles(folder, "*.html")));
        Assert.Equal("qemu-charts_script_b_x_CPU._01.html", page);
    }

    [Fact]
    public void AMissingOutputDirIsCreatedAndAnImpossibleOneSaysWhy()
    {
        var outputDir = Path.Combine(folder, "pages", "today");
        var (exitCode, _, error) = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "--headless", "--output-dir", outputDir);
        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(Path.Combine(outputDir, "qemu-charts_CPU.html")));

        var underAFile = Path.Combine(Cdict("qemu"), "pages");
        var (refused, _, why) = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "--headless", "--output-dir", underAFile);
        Assert.Equal(1, refused);
        Assert.StartsWith($"perfmap: error: cannot create the output directory {underAFile}: ", Assert.Single(CommandLineSpellingTests.Lines(why)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--list")]
    [InlineData("--successors-of")]
    public void JsonWithATextAnswerIsRefused(string textOption)
    {
        var json = Path.Combine(folder, "list.json");
        string[] text = textOption == "--list" ? [textOption] : [textOption, "13547"];

        var (exitCode, output, error) = ToolProcess.Run("perfmap", [Cdict("qemu"), .. text, "--json", json]);

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"perfmap: error: --json writes the dashboard's data; {textOption} prints text: drop one of them", error.Trim());
        Assert.False(File.Exists(json));
    }

    public static TheoryData<string, string> Suggestions => new()
    {
        { "routr", "no task matches 'routr'; closest task names: router.01.vcpu0, router.01.vcpu1, router.02.vcpu0, router.02.vcpu1, router.01.emulator0" },
        { "vcpu0", "no task matches 'vcpu0' (the regex is matched at the start of task names); '*vcpu0' selects firewall.01.vcpu0, firewall.02.vcpu0, router.01.vcpu0, router.02.vcpu0" },
        { "zzzzzzzzzzzz", "no task matches 'zzzzzzzzzzzz'; no task name is close (perfmap --list shows them all)" },
        { "99999", "no task has the tid 99999 (perfmap --list shows the tids)" },
    };

    [Theory]
    [MemberData(nameof(Suggestions))]
    public void NoTaskMatchesSuggestsWhatTheUserMeant(string task, string message)
    {
        var (exitCode, _, error) = ToolProcess.Run("perfmap", Cdict("qemu"), "--map", Fixtures.Path("perf/qemu.map.csv"), "-t", task, "--headless");

        Assert.Equal(1, exitCode);
        Assert.Equal($"perfmap: error: {message}", Assert.Single(CommandLineSpellingTests.Lines(error)));
    }

    [Fact]
    public void SuccessorsOfATaskWithOnlyKvmEventsSayWhyThereAreNone()
    {
        // Row 1 is b's only row: a kvm_exit.
        var path = Path.Combine(folder, "kvm-only.cdict");
        File.WriteAllBytes(path, RawCdict.File(RawCdict.Columns(RawCdict.ValidColumns())));

        var (exitCode, _, error) = ToolProcess.Run("perfmap", path, "--successors-of", "b");

        Assert.Equal(1, exitCode);
        Assert.Equal($"perfmap: error: {path}: 'b' never switched out in the analysed window (only KVM events, or it did not run): it has no successors", error.Trim());
    }

    [Fact]
    public void SuccessorsCountASwitchWithoutANextTaskName()
    {
        var path = Path.Combine(folder, "nil-next.cdict");
        var columns = RawCdict.ValidColumns().Select(column => column.Name == "next_comm" ? (column.Name, (object?[])[null, 30]) : column);
        File.WriteAllBytes(path, RawCdict.File(RawCdict.Columns(columns)));

        var (exitCode, output, error) = ToolProcess.Run("perfmap", path, "--successors-of", "a");

        Assert.True(exitCode == 0, error);
        Assert.Matches(@"\n\s+1\s+100\.00%\s+:unnamed\n", output);
    }

    private static (double FromMs, double ToMs) Window(string json)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var window = document.RootElement.GetProperty("window");
        return (window.GetProperty("fromMs").GetDouble(), window.GetProperty("toMs").GetDouble());
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
