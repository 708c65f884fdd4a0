using Perfwhiz.Captures.Cdict;

namespace Perfwhiz.Tests.Cli;

/// <summary>perfcap's command line as the original's: which outputs, refusals before any work, .mkcdict.cfg, --remap.</summary>
[Trait("Kind", "process")]
public sealed class PerfcapOptionsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-perfcap-options-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ALiveCaptureMustSayWhatToCapture()
    {
        var (exitCode, output, error) = ToolProcess.Run("perfcap", "--dest-folder", folder, "test");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal("perfcap: pick at least one of --stats, --switches, --all", error.Trim());
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void AnExistingRunIsNotOverwrittenUnlessForced()
    {
        var cdict = Path.Combine(folder, "oldrun.cdict");
        File.WriteAllText(cdict, "precious");

        var (refused, _, error) = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--dest-folder", folder, "oldrun");
        Assert.Equal(1, refused);
        Assert.Equal($"perfcap: error: {cdict} exists: pick another run name, or add --force to overwrite it", error.Trim());
        Assert.Equal("precious", File.ReadAllText(cdict));

        var (forced, _, _) = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--dest-folder", folder, "--force", "oldrun");
        Assert.Equal(0, forced);
        Assert.Equal(2554, CdictFile.Read(cdict).Events.Count);
    }

    [Fact]
    public void AnUnwritableDestinationIsRefusedBeforeAnyWork()
    {
        // Nobody, root included, creates files in a process's /proc folder.
        var (exitCode, _, error) = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--dest-folder", "/proc/1", "run");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("perfcap: error: destination folder /proc/1 is not writable: ", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void MkcdictConfigSuppliesOptionsTheCommandLineDoesNotGive()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(folder, "elsewhere")).FullName;
        File.WriteAllText(Path.Combine(folder, ".mkcdict.cfg"), $"# the original's names and perfcap's\nperf_data = {Fixtures.PerfData("sched")}\ndest_folder: {elsewhere}\nswitches = true\nno_such_option = 1\n");

        var (exitCode, output, error) = ToolProcess.RunIn(folder, "perfcap", "fromcfg");
        Assert.True(exitCode == 0, error);
        Assert.Contains("Loading options from .mkcdict.cfg", error, StringComparison.Ordinal);
        Assert.Contains(".mkcdict.cfg, line 5: 'no_such_option' is not a perfcap option, ignored", error, StringComparison.Ordinal);
        Assert.Contains($"Wrote {Path.Combine(elsewhere, "fromcfg.cdict")}", output, StringComparison.Ordinal);

        // The command line wins over the file.
        var (again, secondOutput, _) = ToolProcess.RunIn(folder, "perfcap", "--dest-folder", folder, "fromcfg");
        Assert.Equal(0, again);
        Assert.Contains($"Wrote {Path.Combine(folder, "fromcfg.cdict")}", secondOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void RemapRenamesThreadsOfAnExistingCdict()
    {
        var cdict = Path.Combine(folder, "qemu.cdict");
        Assert.Equal(0, ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("qemu"), "--dest-folder", folder, "qemu").ExitCode);

        var (exitCode, output, error) = ToolProcess.Run("perfcap", "--remap", cdict, "--map", Fixtures.Path("perf/qemu.map.csv"));

        Assert.True(exitCode == 0, error);
        Assert.Equal($"Remapped {cdict}: 10 threads renamed from CSV map {Fixtures.Path("perf/qemu.map.csv")}", output.Trim());
        var capture = CdictFile.Read(cdict);
        Assert.Contains("router.01.vcpu0", Enumerable.Range(0, capture.Names.Count).Select(id => capture.Names[id]));
        Assert.Equal([cdict], Directory.GetFiles(folder));
    }

    [Fact]
    public void RemapNeedsAMap()
    {
        var (exitCode, _, error) = ToolProcess.Run("perfcap", "--remap", Path.Combine(folder, "any.cdict"));

        Assert.Equal(2, exitCode);
        Assert.Equal("perfcap: --remap requires a csv mapping file (--map)", error.Trim());
    }

    [Fact]
    public void AMalformedMapRemapsNothing()
    {
        Assert.Equal(0, ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("qemu"), "--dest-folder", folder, "qemu").ExitCode);
        var cdict = Path.Combine(folder, "qemu.cdict");
        var before = File.ReadAllBytes(cdict);
        var map = Path.Combine(folder, "bad.csv");
        File.WriteAllText(map, "13502,,vcpu0,,,1,router\n13503,,vcpu1,,,x,router\n");

        var (exitCode, _, error) = ToolProcess.Run("perfcap", "--remap", cdict, "--map", map);

        Assert.Equal(1, exitCode);
        Assert.Equal($"perfcap: error: {map}, line 2: the group id 'x' is not a number; nothing was annotated", error.Trim());
        Assert.Equal(before, File.ReadAllBytes(cdict));
    }
}
