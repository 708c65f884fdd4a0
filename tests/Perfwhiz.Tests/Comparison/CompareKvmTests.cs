using System.Text.Json;

namespace Perfwhiz.Tests.Comparison;

/// <summary>
/// The kvm.* rows of perfmap --compare, on perf.data files written with this kernel's kvm formats
/// (its kvm_exit never fires here) and converted by perfcap --use-perf-data: two vCPU threads whose
/// HLT exits double in the second run while their other exits are the same ones at the same times.
/// </summary>
[Trait("Kind", "process")]
public sealed class CompareKvmTests : IDisposable
{
    private const int QemuPid = 5100;
    private const int FirstVcpuTid = 5110;
    private const int Vcpus = 2;
    private const ulong Start = 1_000_000_000;
    private const double Seconds = 4;
    private const uint ExternalInterrupt = 1;
    private const uint Hlt = 12;
    private const uint EptViolation = 48;
    private const double HltPerSecond = 1000;
    private const double InterruptsPerSecond = 600;
    private const double EptViolationsPerSecond = 300;

    private readonly string folder = Directory.CreateTempSubdirectory("perfwhiz-compare-kvm-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void DoubledHltExitsMakeTheVcpusExitsWorseAndTheOtherReasonsTheSame()
    {
        var baseRun = Capture("base", hltFactor: 1);
        var otherRun = Capture("other", hltFactor: 2);
        var json = Path.Combine(folder, "kvm.json");

        var (exitCode, output, error) = ToolProcess.Run("perfmap", "--compare", baseRun, otherRun, "-t", "CPU", "--json", json);

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}\n{output}");
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = document.RootElement.GetProperty("comparisons")[0].GetProperty("rows").EnumerateArray().ToList();
        for (var vcpu = 0; vcpu < Vcpus; vcpu++)
        {
            var task = $"CPU {vcpu}/KVM";
            JsonElement Row(string metric) => rows.Single(row => row.GetProperty("task").GetString() == task && row.GetProperty("metric").GetString() == metric);
            Assert.Equal(
                ["kvm.exits", "kvm.exit.EPT_VIOLATION", "kvm.exit.EXTERNAL_INTERRUPT", "kvm.exit.HLT"],
                rows.Where(row => row.GetProperty("task").GetString() == task).Select(row => row.GetProperty("metric").GetString()).Where(metric => metric!.StartsWith("kvm.", StringComparison.Ordinal)));

            // HLT: about 1000/s, then about 2000/s, +100 % with an interval that excludes 0.
            var hlt = Row("kvm.exit.HLT");
            Assert.Equal(("/s", "worse"), (hlt.GetProperty("unit").GetString(), hlt.GetProperty("verdict").GetString()));
            Assert.InRange(hlt.GetProperty("base").GetDouble(), 0.9 * HltPerSecond, 1.1 * HltPerSecond);
            Assert.InRange(hlt.GetProperty("changePercent").GetDouble(), 80, 120);
            Assert.True(hlt.GetProperty("changeLowPercent").GetDouble() > 0, hlt.ToString());

            // All exits: the HLT increase over a total that also holds the unchanged reasons.
            var exits = Row("kvm.exits");
            var expected = HltPerSecond / (HltPerSecond + InterruptsPerSecond + EptViolationsPerSecond) * 100;
            Assert.Equal("worse", exits.GetProperty("verdict").GetString());
            Assert.InRange(exits.GetProperty("changePercent").GetDouble(), 0.8 * expected, 1.2 * expected);
            Assert.True(exits.GetProperty("changeLowPercent").GetDouble() > 0, exits.ToString());
            Assert.Equal(
                Row("kvm.exit.HLT").GetProperty("other").GetDouble() + Row("kvm.exit.EPT_VIOLATION").GetProperty("other").GetDouble() + Row("kvm.exit.EXTERNAL_INTERRUPT").GetProperty("other").GetDouble(),
                exits.GetProperty("other").GetDouble(),
                precision: 6);

            // The same exits at the same times: same (the rates differ only as far as the runs' first
            // and last events, which end their windows, do).
            foreach (var unchanged in new[] { "kvm.exit.EPT_VIOLATION", "kvm.exit.EXTERNAL_INTERRUPT" })
            {
                var row = Row(unchanged);
                Assert.Equal("same", row.GetProperty("verdict").GetString());
                Assert.InRange(row.GetProperty("changePercent").GetDouble(), -1, 1);
            }
        }

        var (gateExit, gateOutput, gateError) = ToolProcess.Run("perfmap", "--compare", baseRun, otherRun, "--fail-if", "CPU:kvm.exit.HLT > +50%");
        Assert.True(gateExit == 3, $"exit {gateExit}: {gateError}\n{gateOutput}");
        Assert.Equal(Vcpus, gateOutput.Split('\n').Count(line => line.Contains("| kvm.exit.HLT |", StringComparison.Ordinal) && line.Contains("FAIL", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A capture of <see cref="Seconds"/> s: each vCPU exits at random times (Poisson) for HLT at
    /// <paramref name="hltFactor"/> × 1000/s, and for external interrupts and EPT violations at
    /// times drawn from the same seed in every run; each exit is followed by a kvm_entry 2 µs later.
    /// </summary>
    private string Capture(string name, double hltFactor)
    {
        var writer = new PerfDataWriter([FormatFixtures.Load("kvm/kvm_entry"), FormatFixtures.Load("kvm/kvm_exit")], new PerfDataWriterOptions { NrCpus = Vcpus, Cpuid = "GenuineIntel,6,85,4" });
        var exits = new List<(ulong At, int Vcpu, uint Reason)>();
        for (var vcpu = 0; vcpu < Vcpus; vcpu++)
        {
            writer = writer.Comm(QemuPid, FirstVcpuTid + vcpu, $"CPU {vcpu}/KVM", Start, cpu: vcpu);
            exits.AddRange(ExitTimes(new Random(10 + vcpu), InterruptsPerSecond).Select(at => (at, vcpu, ExternalInterrupt)));
            exits.AddRange(ExitTimes(new Random(20 + vcpu), EptViolationsPerSecond).Select(at => (at, vcpu, EptViolation)));
            exits.AddRange(ExitTimes(new Random((hltFactor == 1 ? 30 : 40) + vcpu), hltFactor * HltPerSecond).Select(at => (at, vcpu, Hlt)));
        }

        // An exit whose vCPU is still out (within 2 µs of its last exit) waits for the entry.
        var samples = new List<(ulong At, int Vcpu, uint? Reason)>();
        var back = new ulong[Vcpus];
        foreach (var (time, vcpu, reason) in exits.OrderBy(exit => exit.At).ThenBy(exit => exit.Vcpu))
        {
            var exitAt = Math.Max(time, back[vcpu]);
            samples.Add((exitAt, vcpu, reason));
            samples.Add((exitAt + 2_000, vcpu, null));
            back[vcpu] = exitAt + 2_001;
        }

        foreach (var (time, vcpu, reason) in samples.OrderBy(sample => sample.At).ThenBy(sample => sample.Vcpu))
        {
            var tid = FirstVcpuTid + vcpu;
            writer = reason is { } code
                ? writer.Sample("kvm:kvm_exit", Start + time, vcpu, QemuPid, tid, ("exit_reason", code), ("isa", 1u), ("vcpu_id", (uint)vcpu))
                : writer.Sample("kvm:kvm_entry", Start + time, vcpu, QemuPid, tid, ("vcpu_id", (uint)vcpu));
        }

        var perfData = Path.Combine(folder, name + ".perf.data");
        writer.Save(perfData);
        var (exitCode, output, error) = ToolProcess.Run("perfcap", "--use-perf-data", perfData, "--dest-folder", folder, name);
        Assert.True(exitCode == 0, $"perfcap exit {exitCode}: {error}\n{output}");
        return Path.Combine(folder, name + ".cdict");
    }

    /// <summary>The times (ns from the start) of a Poisson process of <paramref name="perSecond"/> events over the capture.</summary>
    private static IEnumerable<ulong> ExitTimes(Random random, double perSecond)
    {
        for (var t = 0.0; ;)
        {
            t += -Math.Log(1 - random.NextDouble()) / perSecond;
            if (t >= Seconds)
            {
                yield break;
            }

            yield return (ulong)(t * 1e9);
        }
    }
}
