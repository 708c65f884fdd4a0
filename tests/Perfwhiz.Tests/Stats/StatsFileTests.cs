using System.Globalization;
using Perfwhiz.Analyses.Stats;
using Perfwhiz.Captures.Annotation;
using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;
using Perfwhiz.Reports.Text;
using Perfwhiz.Tests.Dashboards;

namespace Perfwhiz.Tests.Stats;

/// <summary>
/// The .stats file as a file: its header, hostile names (tests/fixtures/hostile, plus annotations worse
/// than any comm) kept one per line and aligned, and a write that fails leaving nothing behind.
/// </summary>
[Trait("Kind", "unit")]
public sealed class StatsFileTests : IDisposable
{
    // What a CSV task map may hold that a comm (15 bytes) cannot: escape sequences, a tab, a bidi
    // override, and a name far wider than any column.
    private static readonly string[] AnnotatedNames = ["clear\u001b[2J\u001b[31mred", "tab\there", "\u202eevil-reversed", new('W', 300)];
    private static readonly string[] PrintedAnnotatedNames = [@"clear\u001B[2J\u001B[31mred", @"tab\there", @"\u202Eevil-reversed", new('W', 300)];

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-stats-file-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void HostileNamesStayOnOneAlignedLineEach()
    {
        var capture = PerfConversion.Convert(Fixtures.Path("hostile/hostile.perf.data"));
        var renamed = Annotate(capture);
        var stats = Write(capture, "hostile");

        Assert.DoesNotContain(stats, c => c != '\n' && (char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format));
        // Each table reads back aligned (StatsText checks every cell), a line per task and the TOTAL.
        var expected = SchedLatencyAnalysis.Compute(capture);
        var tasks = StatsText.Table(stats, StatsText.PerTask).Rows;
        var threads = StatsText.Table(stats, StatsText.PerThread).Rows;
        Assert.Equal(expected.Tasks.Count + 1, tasks.Count);
        Assert.Equal(expected.Threads.Count + 1, threads.Count);
        var printed = HostileNamesTests.HostileNames.Except(renamed).Select(VisibleText.Escape)
            .Concat(PrintedAnnotatedNames.Select((name, i) => $"{name}.01.vcpu{i}"));
        Assert.All(printed, name => Assert.Single(threads, row => row.Last == name));
        Assert.Contains(threads, row => row.Last == @"line1\nline2");
    }

    [Fact]
    public void HeaderSaysWhatTheCaptureIs()
    {
        var qemu = PerfConversion.Convert(Fixtures.PerfData("qemu"));
        TaskMap.Load(Fixtures.Path("perf/qemu.map.csv")).ApplyTo(qemu);
        var stats = Write(qemu, "qemu-run").Split('\n');

        Assert.Equal("perfwhiz stats of run qemu-run", stats[0]);
        Assert.Equal($"Duration:    {qemu.Info.DurationNs / 1e9:F6} s; times below are seconds since the first event, at {qemu.Info.FirstEventPerfClockNs / 1e9:F6} s of perf clock", stats[1]);
        Assert.Equal(["Host:        vm", "Kernel:      6.18.44-fc-v657", "CPUs:        2", "perf:        6.1.187", "Lost events: none"], stats[2..7]);
        Assert.Equal($"Task names:  annotated from CSV map {Fixtures.Path("perf/qemu.map.csv")}", stats[7]);
        Assert.Contains(stats, line => line.EndsWith("  13502  router.01.vcpu0", StringComparison.Ordinal));

        var lost = Write(PerfConversion.Convert(Fixtures.PerfData("lost")), "lost");
        Assert.Contains("\nLost events: 15,749 in 99 places: the figures below miss them\n", lost, StringComparison.Ordinal);
    }

    [Fact]
    public void HostileHeaderValuesStayOnTheirLine()
    {
        var writer = new PerfDataWriter([FormatFixtures.Load("sched/sched_switch")], new PerfDataWriterOptions { Hostname = "evil\nKernel: forged\u001b[2J", OsRelease = "6.1\r\u202e" })
            .Sample("sched:sched_switch", 1000, 0, 1, 1, ("prev_comm", "a"), ("prev_pid", 1), ("next_comm", "b"), ("next_pid", 2))
            .Sample("sched:sched_switch", 2000, 0, 2, 2, ("prev_comm", "b"), ("prev_pid", 2), ("next_comm", "a"), ("next_pid", 1));
        var path = Path.Combine(folder, "evil.perf.data");
        writer.Save(path);

        var stats = Write(PerfConversion.Convert(path), "evil\nrun").Split('\n');

        Assert.Equal("perfwhiz stats of run evil\\nrun", stats[0]);
        Assert.Equal("Host:        evil\\nKernel: forged\\u001B[2J", stats[2]);
        Assert.Equal("Kernel:      6.1\\r\\u202E", stats[3]);
    }

    [Fact]
    public void AFailedWriteLeavesNothingBehind()
    {
        // The text is complete before the rename onto a folder fails: the temporary file must go too.
        var taken = Directory.CreateDirectory(Path.Combine(folder, "run.stats")).FullName;
        var capture = PerfConversion.Convert(Fixtures.PerfData("sched"));

        var error = Assert.Throws<PerfwhizException>(() => StatsFile.Write(taken, capture, "run"));

        Assert.StartsWith($"cannot write {taken}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal([taken], Directory.GetFileSystemEntries(folder));
        Assert.Empty(Directory.GetFileSystemEntries(taken));
    }

    [Fact]
    public void AMissingFolderIsAUserError()
    {
        var path = Path.Combine(folder, "missing", "run.stats");

        var error = Assert.Throws<PerfwhizException>(() => StatsFile.Write(path, PerfConversion.Convert(Fixtures.PerfData("sched")), "run"));

        Assert.StartsWith("cannot write ", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    // Renames four hostile threads with names a CSV map allows; returns their old names.
    private List<string> Annotate(Capture capture)
    {
        var renamed = SchedLatencyAnalysis.Compute(capture).Threads
            .Where(thread => HostileNamesTests.HostileNames.Contains(thread.Task) && thread.Task != "line1\nline2")
            .Take(AnnotatedNames.Length)
            .ToList();
        var map = Path.Combine(folder, "hostile.csv");
        File.WriteAllLines(map, renamed.Select((thread, i) => $"{thread.Tid},instance-1,vcpu{i},uuid-1,router,1,\"{AnnotatedNames[i]}\""));
        TaskMap.Load(map).ApplyTo(capture);
        return [.. renamed.Select(thread => thread.Task)];
    }

    private string Write(Capture capture, string runName)
    {
        var path = Path.Combine(folder, "run.stats");
        StatsFile.Write(path, capture, runName);
        return File.ReadAllText(path);
    }
}
