using Perfwhiz.Conversion;

namespace Perfwhiz.Tests.Perf;

/// <summary>
/// Damaged captures (flipped bytes, overwritten sizes, truncation) must either convert or fail with
/// perfwhiz's own error type: never an IndexOutOfRange, an overflow, a hang or an out-of-memory.
/// </summary>
[Trait("Kind", "unit")]
public sealed class PerfDataMutationTests
{
    private const int MutationsPerInput = 1500;

    public static TheoryData<string> Inputs => new() { "written-file", "written-big-endian", "written-pipe", "cycles", "sched-z", "sched-pipe" };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void MutatedCapturesConvertOrFailWithPerfwhizErrors(string input)
    {
        var original = Load(input);
        var random = new Random(20261122 + input.Length);
        var outcomes = new int[2];
        for (var i = 0; i < MutationsPerInput; i++)
        {
            using var mutant = new MemoryStream(Mutate(original, random), writable: false);
            try
            {
                PerfConversion.Convert(mutant, input);
                outcomes[0]++;
            }
            catch (PerfwhizException)
            {
                outcomes[1]++;
            }
        }

        // The mutations reach the checks, and (but for the profile perfwhiz always refuses) also
        // leave captures that still convert.
        Assert.True(outcomes[1] > 0 && (outcomes[0] > 0 || input == "cycles"), $"{outcomes[0]} converted, {outcomes[1]} refused");
    }

    private static byte[] Load(string input) => input switch
    {
        "written-file" => WrittenCapture(new PerfDataWriterOptions()),
        "written-big-endian" => WrittenCapture(new PerfDataWriterOptions { BigEndian = true }),
        "written-pipe" => WrittenCapture(new PerfDataWriterOptions { Pipe = true }),
        _ => File.ReadAllBytes(Fixtures.PerfData(input)),
    };

    private static byte[] WrittenCapture(PerfDataWriterOptions options)
    {
        string[] formats = ["sched/sched_switch", "sched/sched_stat_runtime", "sched/sched_waking", "kvm/kvm_exit", "kvm/kvm_entry"];
        var writer = new PerfDataWriter([.. formats.Select(FormatFixtures.Load)], options).Comm(10, 11, "CPU 0/KVM", 0);
        for (var i = 0; i < 20; i++)
        {
            var time = (ulong)(1000 + (i * 100));
            writer.Sample("sched:sched_stat_runtime", time, i % 2, 11, 11, ("comm", "CPU 0/KVM"), ("pid", 11), ("runtime", 40L))
                .Sample("sched:sched_switch", time + 10, i % 2, 11, 11, ("prev_comm", "CPU 0/KVM"), ("prev_pid", 11), ("next_comm", "x"), ("next_pid", 12))
                .Sample("sched:sched_waking", time + 20, i % 2, 12, 12, ("comm", "CPU 0/KVM"), ("pid", 11), ("target_cpu", 1))
                .Sample("kvm:kvm_entry", time + 30, i % 2, 10, 11)
                .Sample("kvm:kvm_exit", time + 60, i % 2, 10, 11, ("exit_reason", 30u), ("isa", 1u));
            if (i % 5 == 4)
            {
                writer.FinishedRound();
            }
        }

        writer.Lost(writer.IdOf("sched:sched_switch"), 3, 5000);
        return writer.ToArray();
    }

    // Damage concentrates where structure lives: the header and attributes at the start, the
    // feature sections (formats, EVENT_DESC) at the end; the rest lands anywhere.
    private static byte[] Mutate(byte[] original, Random random)
    {
        var mutant = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                return mutant.AsSpan(0, random.Next(mutant.Length)).ToArray();
            case 1:
                for (var flips = random.Next(1, 9); flips > 0; flips--)
                {
                    mutant[Position(mutant.Length, random)] ^= (byte)(1 << random.Next(8));
                }

                return mutant;
            case 2:
                var at = Math.Min(Position(mutant.Length, random), mutant.Length - 8);
                BitConverter.TryWriteBytes(mutant.AsSpan(at), random.Next(3) switch { 0 => ulong.MaxValue, 1 => (ulong)int.MaxValue, _ => 0UL });
                return mutant;
            default:
                var length = random.Next(1, 64);
                var start = Position(mutant.Length - length, random);
                random.NextBytes(mutant.AsSpan(start, length));
                return mutant;
        }
    }

    private static int Position(int length, Random random) => random.Next(3) switch
    {
        0 => random.Next(Math.Min(length, 4096)),
        1 => Math.Max(0, length - 1 - random.Next(Math.Min(length, 16384))),
        _ => random.Next(length),
    };
}
