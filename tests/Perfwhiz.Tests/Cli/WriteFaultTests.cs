using System.Diagnostics;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Conversion;

namespace Perfwhiz.Tests.Cli;

/// <summary>
/// Writes that fail (missing folder, full disk, immutable or read-only destination, a killed run) end
/// as one line and exit 1, and leave the old outputs or the new ones, never a mix or a half file.
/// </summary>
[Trait("Kind", "process")]
public sealed class WriteFaultTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-write-faults-").FullName;

    public void Dispose()
    {
        if (ExternalTool.Find("chattr") is not null)
        {
            ExternalTool.Run("chattr", "-R", "-i", folder);
        }

        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void JsonIntoAMissingFolderIsAUserError()
    {
        var json = Path.Combine(folder, "nodir", "x.json");

        var (exitCode, _, error) = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "--json", json);

        AssertOneError("perfmap", (exitCode, error), $"cannot write {json}: the folder {Path.GetDirectoryName(json)} does not exist");
    }

    [Fact]
    public void ALiveCaptureIntoAMissingFolderIsRefusedBeforeRecording()
    {
        var clock = Stopwatch.StartNew();

        var (exitCode, output, error) = ToolProcess.RunIn(folder, "perfcap", "-s", "60", "--all", "--keep-perf-data", "nodir/y");

        AssertOneError("perfcap", (exitCode, error), $"folder {Path.Combine(folder, "nodir")} does not exist");
        Assert.DoesNotContain("Recording", output, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void AFullDiskIsAUserErrorAndLeavesNothing()
    {
        var disk = Directory.CreateDirectory(Path.Combine(folder, "small")).FullName;
        var (mounted, _, why) = ExternalTool.Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk);
        if (mounted != 0)
        {
            Assert.Skip($"cannot mount a small tmpfs to fill ({why.Trim()}): full-disk writes not checked");
        }

        try
        {
            Fill(disk);
            var json = Path.Combine(disk, "x.json");
            var perfmap = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "--json", json);
            var perfcap = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--all", "--dest-folder", disk, "run");

            AssertOneError("perfmap", (perfmap.ExitCode, perfmap.Error), $"cannot write {json}: ");
            AssertOneError("perfcap", (perfcap.ExitCode, perfcap.Error), $"cannot write {Path.Combine(disk, "run.")}");
            Assert.Equal(["filler"], Directory.GetFileSystemEntries(disk).Select(Path.GetFileName));
        }
        finally
        {
            ExternalTool.Run("umount", disk);
        }
    }

    [Fact]
    public void AnImmutableDestinationIsAUserError()
    {
        var json = Path.Combine(folder, "x.json");
        var cdict = Path.Combine(folder, "run.cdict");
        File.WriteAllText(json, "old");
        File.WriteAllText(cdict, "old");
        var (set, _, why) = ExternalTool.Find("chattr") is null ? (-1, string.Empty, "chattr is not installed") : ExternalTool.Run("chattr", "+i", json, cdict);
        if (set != 0)
        {
            Assert.Skip($"this file system takes no immutable flag ({why.Trim()}): immutable destinations not checked");
        }

        var perfmap = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "--json", json);
        var perfcap = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--dest-folder", folder, "--force", "run");

        AssertOneError("perfmap", (perfmap.ExitCode, perfmap.Error), $"cannot write {json}: ");
        AssertOneError("perfcap", (perfcap.ExitCode, perfcap.Error), $"cannot write {cdict}: ");
        Assert.Equal("old", File.ReadAllText(json));
        Assert.Equal("old", File.ReadAllText(cdict));
        Assert.Empty(Directory.GetFiles(folder, ".*"));
    }

    [Fact]
    public void AReadOnlyDestinationIsNotReplacedEvenWithForce()
    {
        var cdict = Path.Combine(folder, "run.cdict");
        var json = Path.Combine(folder, "x.json");
        File.WriteAllText(cdict, "keep me");
        File.WriteAllText(json, "keep me");
        Assert.Equal(0, ExternalTool.Run("chmod", "0444", cdict, json).ExitCode);

        var perfcap = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--dest-folder", folder, "--force", "run");
        var perfmap = ToolProcess.Run("perfmap", Cdict("qemu"), "-t", "CPU", "--json", json);

        AssertOneError("perfcap", (perfcap.ExitCode, perfcap.Error), $"{cdict} is read-only: not replacing it");
        AssertOneError("perfmap", (perfmap.ExitCode, perfmap.Error), $"{json} is read-only: not replacing it");
        Assert.Equal("keep me", File.ReadAllText(cdict));
        Assert.Equal("keep me", File.ReadAllText(json));
    }

    [Fact]
    public void TheCdictAndStatsAreReplacedTogetherOrNotAtAll()
    {
        var cdict = Path.Combine(folder, "run.cdict");
        File.WriteAllText(cdict, "old cdict");
        // A folder where the stats go: the stats cannot be put in place, so the new cdict must not stay either.
        var stats = Directory.CreateDirectory(Path.Combine(folder, "run.stats")).FullName;
        File.WriteAllText(Path.Combine(stats, "inside"), "x");

        var (exitCode, output, error) = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--all", "--dest-folder", folder, "--force", "run");

        AssertOneError("perfcap", (exitCode, error), $"cannot write {stats}: ");
        Assert.DoesNotContain("Wrote", output, StringComparison.Ordinal);
        Assert.Equal("old cdict", File.ReadAllText(cdict));
        Assert.Equal(["run.cdict", "run.stats"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AReplacementKilledMidwayIsRolledBackByTheNextRunInTheFolder()
    {
        // What a perfcap killed between its two renames leaves: the new cdict in place, the new stats
        // still a temporary, both old files aside.
        var dead = DeadPid();
        Write("run.cdict", "new cdict");
        Write($".run.cdict.{dead}.old", "old cdict");
        Write($".run.stats.{dead}.tmp", "new stats");
        Write($".run.stats.{dead}.old", "old stats");
        // A killed single write, a live process's temporary, and files that only look like ours.
        Write($".other.json.{dead}.tmp", "half");
        Write($".busy.json.{Environment.ProcessId}.tmp", "being written");
        Write(".notes.tmp", "mine");
        Write($".run.cdict.{dead}.bak", "mine too");

        var (exitCode, _, error) = ToolProcess.Run("perfcap", "--use-perf-data", Fixtures.PerfData("sched"), "--dest-folder", folder, "next");

        Assert.True(exitCode == 0, error);
        Assert.Equal("old cdict", File.ReadAllText(Path.Combine(folder, "run.cdict")));
        Assert.Equal("old stats", File.ReadAllText(Path.Combine(folder, "run.stats")));
        Assert.Equal(
            [$".busy.json.{Environment.ProcessId}.tmp", ".notes.tmp", $".run.cdict.{dead}.bak", "next.cdict", "run.cdict", "run.stats"],
            Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AReplacementKilledAfterItsRenamesIsFinishedByTheNextRunInTheFolder()
    {
        var cdict = Cdict("qemu"); // written before the leftovers: this test process must not be the one that finishes the job
        var dead = DeadPid();
        Write("run.cdict", "new cdict");
        Write("run.stats", "new stats");
        Write($".run.cdict.{dead}.old", "old cdict");
        Write($".run.stats.{dead}.none", string.Empty);

        var (exitCode, _, error) = ToolProcess.Run("perfmap", cdict, "-t", "CPU", "--json", Path.Combine(folder, "x.json"));

        Assert.True(exitCode == 0, error);
        Assert.Equal("new cdict", File.ReadAllText(Path.Combine(folder, "run.cdict")));
        Assert.Equal("new stats", File.ReadAllText(Path.Combine(folder, "run.stats")));
        Assert.Equal(["qemu.cdict", "run.cdict", "run.stats", "x.json"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static void AssertOneError(string tool, (int ExitCode, string Error) result, string message)
    {
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{tool}: error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", line, StringComparison.Ordinal);
    }

    /// <summary>The pid of a process that has exited (not reused this soon).</summary>
    private static int DeadPid()
    {
        using var process = Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }

    private static void Fill(string disk)
    {
        using var filler = new FileStream(Path.Combine(disk, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(folder, name), content);

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
