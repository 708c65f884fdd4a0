using System.Diagnostics;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Tests.Cli;

namespace Perfwhiz.Tests.Live;

/// <summary>perfcap recording this machine's kernel with the real perf, as root: what it writes, how it stops, how it fails.</summary>
[Trait("Kind", "live")]
[Collection(LiveCollection.Name)]
public sealed class LiveCaptureTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-live-").FullName;
    private readonly HashSet<string> temporaryFoldersBefore = PerfcapTemporaryFolders();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void CapturesAKnownWorkloadThatPerfmapLists()
    {
        SkipUnlessLiveCapturesRun();

        using var workload = NamedWorkload.Start("pw-workload");

        var (exitCode, output, error) = LivePerfcap.Run("-s", "1", "--all", "--dest-folder", folder, "known");

        Assert.True(exitCode == 0, error);
        var cdict = Path.Combine(folder, "known.cdict");
        Assert.Contains($"Wrote {cdict}", output, StringComparison.Ordinal);
        Assert.Contains("Lost: none", output, StringComparison.Ordinal);
        // Counted from when perf's events are on, not from perf's (slow) start: the whole second is there.
        Assert.InRange(CdictFile.Read(cdict).Info.DurationNs, 950_000_000, 5_000_000_000);
        var (listExit, list, _) = ToolProcess.Run("perfmap", cdict, "--list");
        Assert.Equal(0, listExit);
        var line = Assert.Single(list.Split('\n'), l => l.EndsWith(" pw-workload", StringComparison.Ordinal) && l.TrimStart().StartsWith($"{workload.Pid} ", StringComparison.Ordinal));
        // It sleeps 2 ms at a time for the whole second: hundreds of switches.
        var events = int.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(events, 100, 1000);
        var stats = File.ReadAllLines(Path.Combine(folder, "known.stats"));
        Assert.Contains(stats, l => l.EndsWith($"{workload.Pid}  pw-workload", StringComparison.Ordinal));
        AssertNothingLeftBehind();
    }

    [Fact]
    public void InterruptStopsEarlyAndKeepsWhatWasRecorded()
    {
        SkipUnlessLiveCapturesRun();

        using var perfcap = LivePerfcap.Start(null, "-s", "60", "--switches", "--dest-folder", folder, "stopped");
        perfcap.WaitUntilRecording();
        Thread.Sleep(1500);
        perfcap.Signal("INT");
        var (exitCode, output, error) = perfcap.WaitForExit();

        Assert.True(exitCode == 0, error);
        Assert.Contains("(Ctrl-C); keeping what was recorded", output, StringComparison.Ordinal);
        var capture = CdictFile.Read(Path.Combine(folder, "stopped.cdict"));
        Assert.InRange(capture.Info.DurationNs, 500_000_000, 20_000_000_000);
        Assert.True(capture.Events.Count > 0);
        AssertNothingLeftBehind();
    }

    /// <summary>A second Ctrl-C (the first only stops early), or SIGTERM once, cancels.</summary>
    [Theory]
    [InlineData("INT", 2)]
    [InlineData("TERM", 1)]
    public void CancellingWritesNothingAndStopsPerf(string signal, int times)
    {
        SkipUnlessLiveCapturesRun();

        using var perfcap = LivePerfcap.Start(null, "-s", "60", "--switches", "--dest-folder", folder, "cancelled");
        perfcap.WaitUntilRecording();
        Thread.Sleep(1000);
        for (var sent = 0; sent < times; sent++)
        {
            perfcap.Signal(signal);
            Thread.Sleep(50);
        }

        var (exitCode, _, error) = perfcap.WaitForExit();

        Assert.Equal(130, exitCode);
        Assert.Contains("perfcap: cancelled, nothing written", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder));
        AssertNothingLeftBehind();
    }

    [Fact]
    public void PerfThatDiesIsReportedWithWhatItSaid()
    {
        SkipUnlessLiveCapturesRun();

        // The real perf, asked for a tracepoint no kernel has: it refuses to start.
        var failing = Path.Combine(folder, "perf");
        File.WriteAllText(failing, $"#!/bin/sh\n[ \"$1\" = version ] && exec {ExternalTool.Find("perf")} version\nexec {ExternalTool.Find("perf")} \"$@\" -e sched:no_such_tracepoint\n");
        ExternalTool.Run("chmod", "700", failing);

        var (exitCode, output, error) = LivePerfcap.Run("--use-perf", failing, "-s", "5", "--switches", "--dest-folder", folder, "died");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("perfcap: error: perf record failed (exit code ", line, StringComparison.Ordinal);
        Assert.Contains("no_such_tracepoint", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrote", output, StringComparison.Ordinal);
        Assert.Equal([failing], Directory.GetFiles(folder));
        AssertNothingLeftBehind();
    }

    [Fact]
    public void MissingPerfIsNamedWithThePackageToInstall()
    {
        using var perfcap = LivePerfcap.Start(new Dictionary<string, string> { ["PATH"] = folder }, "--switches", "--dest-folder", folder, "noperf");
        var (exitCode, _, error) = perfcap.WaitForExit();

        Assert.Equal(1, exitCode);
        Assert.Equal("perfcap: error: perf is not installed; install it: apt-get install linux-perf (Debian), linux-tools-$(uname -r) (Ubuntu), dnf install perf (Fedora/RHEL)", error.Trim());
    }

    // The build as nobody can read it: where it is, unless a folder above it is private (a clone
    // in `mktemp -d`), else its files copied into a world-readable folder.
    private static string ReadableByNobody(string setpriv, string copyFolder)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "perfcap.dll");
        if (ExternalTool.Run(setpriv, [.. Nobody, "test", "-r", tool]).ExitCode == 0)
        {
            return tool;
        }

        var copy = Path.Combine(copyFolder, "perfcap-build");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        ExternalTool.Run("chmod", "o+rx", copyFolder);
        return Path.Combine(copy, "perfcap.dll");
    }

    [Fact]
    public void UnprivilegedUserIsToldWhatAccessIsNeeded()
    {
        var paranoid = int.Parse(File.ReadAllText("/proc/sys/kernel/perf_event_paranoid").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var setpriv = ExternalTool.Find("setpriv");
        if (!Environment.IsPrivilegedProcess || setpriv is null || paranoid <= -1)
        {
            Assert.Skip("needs root with setpriv and perf_event_paranoid > -1");
        }

        using var readable = new TemporaryDirectory();
        var tool = ReadableByNobody(setpriv, readable.Path);

        var (exitCode, _, error) = ExternalTool.Run(setpriv, [.. Nobody, "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp", "dotnet", tool, "--switches", "--dest-folder", "/tmp", "nobody"]);

        Assert.Equal(1, exitCode);
        Assert.Equal($"perfcap: error: recording every CPU's tracepoints needs root: run perfcap with sudo, or allow it with 'sysctl kernel.perf_event_paranoid=-1' (now {paranoid}) and read access to tracefs", error.Trim());
    }

    [Fact]
    public void UnmountedTracefsIsMountedBeforeRecording()
    {
        SkipUnlessLiveCapturesRun();

        Assert.Equal(0, ExternalTool.Run("umount", "/sys/kernel/tracing").ExitCode);
        try
        {
            var (exitCode, output, error) = LivePerfcap.Run("-s", "0.5", "--switches", "--dest-folder", folder, "mounted");

            Assert.True(exitCode == 0, error);
            Assert.StartsWith("Mounted tracefs on /sys/kernel/tracing", output, StringComparison.Ordinal);
            Assert.True(Directory.Exists("/sys/kernel/tracing/events/sched"));
        }
        finally
        {
            if (!Directory.Exists("/sys/kernel/tracing/events"))
            {
                ExternalTool.Run("mount", "-t", "tracefs", "nodev", "/sys/kernel/tracing");
            }
        }
    }

    private static readonly string[] Nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];

    private static void SkipUnlessLiveCapturesRun()
    {
        if (LivePerfcap.Unavailable is { } reason)
        {
            Assert.Skip($"live capture: {reason}");
        }
    }

    private static HashSet<string> PerfcapTemporaryFolders() =>
        [.. Directory.GetDirectories(Path.GetTempPath(), "perfcap-*")];

    private void AssertNothingLeftBehind()
    {
        Assert.Empty(PerfcapTemporaryFolders().Except(temporaryFoldersBefore));
        Assert.DoesNotContain(Process.GetProcessesByName("perf"), perf => File.ReadAllText($"/proc/{perf.Id}/cmdline").Contains(folder, StringComparison.Ordinal));
    }
}
