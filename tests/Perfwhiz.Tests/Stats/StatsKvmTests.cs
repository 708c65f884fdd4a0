using System.Globalization;
using System.Text.RegularExpressions;
using Perfwhiz.Captures.Annotation;
using Perfwhiz.Conversion;
using Capture = Perfwhiz.Captures.Table.Capture;
using Perfwhiz.Reports.Text;

namespace Perfwhiz.Tests.Stats;

/// <summary>
/// The KVM tables of the .stats file, on a perf.data written with this kernel's kvm formats (no guest
/// exits on this machine): two annotated vCPU threads with known exits and handling times, also
/// read by <c>perf kvm stat report</c> when perf is installed.
/// </summary>
[Trait("Kind", "process")]
public sealed partial class StatsKvmTests : IDisposable
{
    private const int QemuPid = 4321;
    private const int Vcpu0 = 4330;
    private const int Vcpu1 = 4331;
    private const ulong Start = 1_000_000_000;
    private const uint ExternalInterrupt = 1;
    private const uint Hlt = 12;
    private const uint IoInstruction = 30;
    private const uint EptViolation = 48;

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-stats-kvm-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ExitsAreCountedAndTimedPerReasonAndPerVcpu()
    {
        var capture = Convert(TwoVcpus());
        var map = Path.Combine(folder, "vms.csv");
        File.WriteAllText(map, $"{Vcpu0},instance-1,vcpu0,uuid-1,router,1,router\n{Vcpu1},instance-1,vcpu1,uuid-1,router,1,router\n");
        TaskMap.Load(map).ApplyTo(capture);

        var stats = Write(capture);

        // vCPU 0's last HLT is still being handled when the capture ends: it has no time.
        Assert.Contains("(8 exits handled, 1 not followed by a kvm_entry in the capture).", stats, StringComparison.Ordinal);
        Assert.Equal(
            [
                "3 | 37.50 | 6.00 | 1.00 | 2.00 | 3.00 | EPT_VIOLATION",
                "2 | 25.00 | 0.60 | 0.20 | 0.30 | 0.40 | EXTERNAL_INTERRUPT",
                "2 | 25.00 | 25.00 | 5.00 | 12.50 | 20.00 | HLT",
                "1 | 12.50 | 6.00 | 6.00 | 6.00 | 6.00 | IO_INSTRUCTION",
            ],
            Rows(stats, "KVM exits per reason"));
        Assert.Equal(
            [
                "2 | 50.00 | 4.00 | 1.00 | 2.00 | 3.00 | 4330 | EPT_VIOLATION | router.01.vcpu0",
                "2 | 50.00 | 25.00 | 5.00 | 12.50 | 20.00 | 4330 | HLT | router.01.vcpu0",
                "2 | 50.00 | 0.60 | 0.20 | 0.30 | 0.40 | 4331 | EXTERNAL_INTERRUPT | router.01.vcpu1",
                "1 | 25.00 | 2.00 | 2.00 | 2.00 | 2.00 | 4331 | EPT_VIOLATION | router.01.vcpu1",
                "1 | 25.00 | 6.00 | 6.00 | 6.00 | 6.00 | 4331 | IO_INSTRUCTION | router.01.vcpu1",
            ],
            Rows(stats, "KVM exits per vCPU thread"));
        Assert.Contains($"Task names:  annotated from CSV map {map}", stats, StringComparison.Ordinal);
        Assert.Contains("Scheduler latency: no task was seen waiting for a CPU", stats, StringComparison.Ordinal);
    }

    [Fact]
    public void FiguresAreThoseOfPerfKvmStatReport()
    {
        var perf = ExternalTool.Find("perf");
        if (perf is null)
        {
            ExternalTool.SkipAbsent("perf", "perf kvm stat report");
            return;
        }

        var stats = Write(Convert(TwoVcpus()));
        var path = Path.Combine(folder, "kvm.perf.data");

        Assert.Equal(PerfKvmStat(perf, path), Rows(stats, "KVM exits per reason"));
        for (var vcpu = 0; vcpu < 2; vcpu++)
        {
            // perf 6.1 prints 0.00us as every minimum of a --vcpu report: minimums are left out; its order
            // of reasons with as many exits is its own.
            var tid = (vcpu == 0 ? Vcpu0 : Vcpu1).ToString(CultureInfo.InvariantCulture);
            var ours = StatsText.Table(stats, "KVM exits per vCPU thread").Rows
                .Where(row => row.Cells[6] == tid)
                .Select(row => string.Join(" | ", row.Cells[0], row.Cells[1], row.Cells[5], row.Cells[4], row.Cells[7]));
            Assert.Equal(PerfKvmStat(perf, path, "--vcpu", vcpu.ToString(CultureInfo.InvariantCulture)).Select(WithoutMinimum).Order(), ours.Order());
        }
    }

    [Fact]
    public void ACaptureWithKvmTracepointsButNoExitSaysSo()
    {
        var stats = Write(PerfConversion.Convert(Fixtures.PerfData("qemu")));

        Assert.Contains("KVM: no kvm_exit events: kvm:kvm_exit was recorded, but no guest exited while perf recorded.", stats, StringComparison.Ordinal);
        Assert.DoesNotContain("KVM exits per", stats, StringComparison.Ordinal);
    }

    [Fact]
    public void ACaptureWithoutKvmTracepointsSaysHowToGetThem()
    {
        var stats = Write(PerfConversion.Convert(Fixtures.PerfData("sched")));

        Assert.Contains("KVM: no kvm_exit events in this capture (on a KVM host, record kvm:kvm_exit and kvm:kvm_entry to see exits).", stats, StringComparison.Ordinal);
    }

    // perf's row (count, share, min, max, avg) in the order of ours (count, share, total, min, avg, max).
    private static List<string> PerfKvmStat(string perf, string path, params string[] options)
    {
        // perf 6.1 prints this report on stderr.
        var (exitCode, _, report) = ExternalTool.Run(perf, ["kvm", "-i", path, "stat", "report", .. options]);
        Assert.True(exitCode == 0, report);
        return
        [
            .. report.Split('\n').Select(line => PerfKvmStatLine().Match(line)).Where(match => match.Success).Select(match =>
            {
                var count = long.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture);
                var average = double.Parse(match.Groups["avg"].Value, CultureInfo.InvariantCulture);
                var total = (count * average).ToString("F2", CultureInfo.InvariantCulture);
                return string.Join(" | ", count, match.Groups["share"].Value, total, match.Groups["min"].Value, match.Groups["avg"].Value, match.Groups["max"].Value, match.Groups["reason"].Value);
            }),
        ];
    }

    private static string WithoutMinimum(string row)
    {
        var cells = row.Split(" | ");
        return string.Join(" | ", cells[0], cells[1], cells[5], cells[4], cells[6]);
    }

    [GeneratedRegex(@"^\s*(?<reason>\S+)\s+(?<count>\d+)\s+(?<share>[\d.]+)%\s+[\d.]+%\s+(?<min>[\d.]+)us\s+(?<max>[\d.]+)us\s+(?<avg>[\d.]+)us", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PerfKvmStatLine();

    private static List<string> Rows(string stats, string title) =>
        [.. StatsText.Table(stats, title).Rows.Select(row => string.Join(" | ", [.. row.Cells, row.Last]))];

    // Handling times (ns) per vCPU: 0: HLT 5000, EPT 1000, HLT 20000, EPT 3000, then an HLT the capture
    // cuts; 1: EXTERNAL_INTERRUPT 400, EPT 2000, IO 6000, EXTERNAL_INTERRUPT 200.
    private static PerfDataWriter TwoVcpus()
    {
        var writer = new PerfDataWriter([FormatFixtures.Load("kvm/kvm_entry"), FormatFixtures.Load("kvm/kvm_exit")], new PerfDataWriterOptions { NrCpus = 2, Cpuid = "GenuineIntel,6,85,4" })
            .Comm(QemuPid, Vcpu0, "CPU 0/KVM", Start, cpu: 0)
            .Comm(QemuPid, Vcpu1, "CPU 1/KVM", Start, cpu: 1);
        (ulong At, int Tid, uint? Reason)[] events =
        [
            (10_000, Vcpu0, null), (15_000, Vcpu1, null),
            (20_000, Vcpu0, Hlt), (22_000, Vcpu1, ExternalInterrupt), (22_400, Vcpu1, null), (25_000, Vcpu0, null),
            (30_000, Vcpu0, EptViolation), (31_000, Vcpu0, null), (35_000, Vcpu1, EptViolation), (37_000, Vcpu1, null),
            (40_000, Vcpu0, Hlt), (50_000, Vcpu1, IoInstruction), (56_000, Vcpu1, null), (60_000, Vcpu0, null),
            (60_000, Vcpu1, ExternalInterrupt), (60_200, Vcpu1, null), (70_000, Vcpu0, EptViolation), (73_000, Vcpu0, null),
            (80_000, Vcpu0, Hlt),
        ];
        foreach (var (at, tid, reason) in events)
        {
            var cpu = tid == Vcpu0 ? 0 : 1;
            writer = reason is { } code
                ? writer.Sample("kvm:kvm_exit", Start + at, cpu, QemuPid, tid, ("exit_reason", code), ("isa", 1u), ("vcpu_id", (uint)cpu))
                : writer.Sample("kvm:kvm_entry", Start + at, cpu, QemuPid, tid, ("vcpu_id", (uint)cpu));
        }

        return writer;
    }

    private Capture Convert(PerfDataWriter writer)
    {
        var path = Path.Combine(folder, "kvm.perf.data");
        writer.Save(path);
        return PerfConversion.Convert(path);
    }

    private string Write(Capture capture)
    {
        var path = Path.Combine(folder, "run.stats");
        StatsFile.Write(path, capture, "run");
        return File.ReadAllText(path);
    }
}
