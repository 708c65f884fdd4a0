using System.Diagnostics;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Conversion;
using Perfwhiz.Perfcap;
using Perfwhiz.Perfmap;
using Perfwhiz.Tests.Cdict;

namespace Perfwhiz.Tests.Fuzz;

/// <summary>
/// Mutation fuzzing of both readers as the tools use them: perfmap on damaged cdicts (the
/// committed originals and cdicts written from the perf.data fixtures) and perfcap
/// --use-perf-data on damaged perf.data fixtures. Every mutant must succeed (warnings allowed)
/// or fail with one user error; never an unexpected exception, a hang or more than 512 MB. Most
/// run in-process, a sample through the real tools. Seeded, so a finding replays.
/// </summary>
[Trait("Kind", "process")]
[Collection(FuzzCollection.Name)]
public sealed class ReaderFuzzTests : IDisposable
{
    private const int CdictMutants = 2_000;
    private const int PerfDataMutants = 400;
    private const int ToolMutants = 6;

    private static readonly string[] PerfFixtures = ["killed", "lost", "qemu", "sched", "sched-pipe", "sched-z", "cycles"];
    private static readonly Lazy<List<byte[]>> CdictSeeds = new(MakeCdictSeeds);

    private readonly ITestOutputHelper output;
    private readonly TemporaryDirectory folder = new();

    public ReaderFuzzTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void DamagedCdictsGiveAPageOrOneUserError()
    {
        var mutator = new Mutator(new Random(20_261_204));
        var findings = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < CdictMutants; i++)
        {
            var mutant = MutateCdict(mutator, CdictSeeds.Value[i % CdictSeeds.Value.Count]);
            var path = Path.Combine(folder.Path, "mutant.cdict");
            File.WriteAllBytes(path, mutant);
            var heatmaps = i % 4 == 3;
            var finding = MutantRun.Judge(() => PerfmapRunner.Run(PerfmapOptionsFor(path, heatmaps), TextWriter.Null, CancellationToken.None));
            if (finding is not null)
            {
                findings.Add($"{MutantRun.Save(mutant, ".cdict")} (perfmap{(heatmaps ? " --heatmaps" : string.Empty)}): {finding}");
            }
        }

        output.WriteLine($"{CdictMutants} cdict mutants in {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.True(findings.Count == 0, $"{findings.Count} findings:\n{string.Join("\n", findings.Take(10))}");
    }

    [Fact]
    public void DamagedPerfDataGivesACdictOrOneUserError()
    {
        var mutator = new Mutator(new Random(20_261_205));
        var seeds = PerfFixtures.Select(name => File.ReadAllBytes(Fixtures.PerfData(name))).ToList();
        var findings = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < PerfDataMutants; i++)
        {
            var mutant = MutatePerfData(mutator, seeds[i % seeds.Count]);
            var path = Path.Combine(folder.Path, "mutant.perf.data");
            File.WriteAllBytes(path, mutant);
            var options = new PerfcapOptions("mutant", folder.Path) { UsePerfData = path, Stats = true, Force = true, AnnotateQemu = false };
            var finding = MutantRun.Judge(() => PerfcapRunner.Run(options, TextWriter.Null, CancellationToken.None));
            if (finding is not null)
            {
                findings.Add($"{MutantRun.Save(mutant, ".perf.data")} (perfcap --use-perf-data): {finding}");
            }
        }

        output.WriteLine($"{PerfDataMutants} perf.data mutants in {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.True(findings.Count == 0, $"{findings.Count} findings:\n{string.Join("\n", findings.Take(10))}");
    }

    /// <summary>A few mutants through the tools themselves: exit 0 or 1, and on 1 a single line on stderr.</summary>
    [Fact]
    public void TheToolsExitZeroOrOneWithOneLineOnDamagedInput()
    {
        var mutator = new Mutator(new Random(20_261_206));
        var perfData = File.ReadAllBytes(Fixtures.PerfData("sched"));
        for (var i = 0; i < ToolMutants; i++)
        {
            var cdict = Path.Combine(folder.Path, $"tool{i}.cdict");
            File.WriteAllBytes(cdict, MutateCdict(mutator, CdictSeeds.Value[i % CdictSeeds.Value.Count]));
            AssertCleanExit(File.ReadAllBytes(cdict), ".cdict", "perfmap", cdict, "-t", ".*", "--json", Path.Combine(folder.Path, $"tool{i}.json"));

            var data = Path.Combine(folder.Path, $"tool{i}.perf.data");
            File.WriteAllBytes(data, MutatePerfData(mutator, perfData));
            AssertCleanExit(File.ReadAllBytes(data), ".perf.data", "perfcap", "--use-perf-data", data, "--dest-folder", folder.Path, "--force", $"tool{i}");
        }
    }

    private static PerfmapOptions PerfmapOptionsFor(string cdict, bool heatmaps) =>
        new([cdict], ".*", CapMs: null, FromMs: null, Label: null, MapCsv: null, OutputDir: null, heatmaps, Headless: true,
            MergeSystemTasks: false, AppendTid: false, List: false, SuccessorsOf: null, Json: cdict + ".json");

    private static byte[] MutateCdict(Mutator mutator, byte[] seed)
    {
        var random = mutator.Random;
        if (!seed.AsSpan(seed.Length - 8).SequenceEqual("PWHZEXT1"u8))
        {
            return random.Next(3) switch
            {
                0 => mutator.Flip(seed),
                1 => mutator.Cut(seed),
                _ => Mutator.UnderZlib(seed, mutator.ExtremeScalar),
            };
        }

        var (events, extension) = RawCdict.Split(seed);
        switch (random.Next(6))
        {
            case 0:
                return mutator.Flip(seed);
            case 1:
                return mutator.Cut(seed);
            case 2 or 3:
                // The extension announces the event stream's new size, or the mutant would only test that check.
                var damaged = random.Next(3) == 0 ? mutator.Splice(events) : mutator.ExtremeScalar(events);
                return RawCdict.File(damaged, Announce(extension, damaged.Length));
            default:
                return RawCdict.File(events, random.Next(3) switch
                {
                    0 => mutator.Flip(extension),
                    1 => mutator.Splice(extension),
                    _ => mutator.ExtremeScalar(extension),
                });
        }
    }

    /// <summary>The extension with column_stream_bytes set to <paramref name="length"/>.</summary>
    private static byte[] Announce(byte[] extension, int length)
    {
        byte[] key = [0xb3, .. "column_stream_bytes"u8];
        var at = extension.AsSpan().IndexOf(key) + key.Length;
        var (_, size) = MessagePackScalars.Find(extension[at..])[0];
        var value = new byte[9];
        value[0] = 0xd3;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(value.AsSpan(1), length);
        return [.. extension.AsSpan(0, at), .. value, .. extension.AsSpan(at + size)];
    }

    private static byte[] MutatePerfData(Mutator mutator, byte[] seed) => mutator.Random.Next(4) switch
    {
        0 => mutator.Flip(seed),
        1 => mutator.Cut(seed),
        2 => mutator.Splice(seed),
        _ => mutator.ExtremeWord(seed),
    };

    /// <summary>The committed original cdicts and the cdicts perfcap writes from the perf.data fixtures.</summary>
    private static List<byte[]> MakeCdictSeeds()
    {
        var seeds = new List<byte[]>
        {
            File.ReadAllBytes(Fixtures.Path("cdict/original-bin.cdict")),
            File.ReadAllBytes(Fixtures.Path("cdict/original-str.cdict")),
        };
        foreach (var name in PerfFixtures.Where(name => name != "cycles"))
        {
            using var cdict = new MemoryStream();
            CdictFile.Write(cdict, PerfConversion.Convert(Fixtures.PerfData(name)));
            seeds.Add(cdict.ToArray());
        }

        return seeds;
    }

    private void AssertCleanExit(byte[] mutant, string extension, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, tool + ".dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The GC refuses to grow the heap beyond the limit: a tool that needs more fails with exit 70.
        start.Environment["DOTNET_GCHeapHardLimit"] = $"0x{MutantRun.MemoryLimit:x}";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish within 60 s on {MutantRun.Save(mutant, extension)}");
        }

        var lines = error.Result.TrimEnd('\n');
        output.WriteLine($"{tool}: exit {process.ExitCode} {lines}");
        _ = stdout.Result;
        Assert.True(process.ExitCode is 0 or 1, $"{tool} exited {process.ExitCode} on {MutantRun.Save(mutant, extension)}: {lines}");
        if (process.ExitCode == 1)
        {
            Assert.True(lines.Length > 0 && !lines.Contains('\n', StringComparison.Ordinal), $"{tool} wrote more than one line on {MutantRun.Save(mutant, extension)}: {lines}");
        }
    }
}
