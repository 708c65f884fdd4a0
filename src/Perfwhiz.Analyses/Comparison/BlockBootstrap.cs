namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// The circular block bootstrap over a run's time slices: each resample is a run of the same
/// length made of blocks of consecutive slices, picked at random, wrapping at the end. Blocks keep
/// what happens together together (a burst of wakeups, a preemption and its aftermath). A resample
/// is given as the number of times each slice was picked, so a statistic is a weighted sum.
/// </summary>
public sealed class BlockBootstrap
{
    private readonly int[] weights;
    private readonly int[] starts;

    public BlockBootstrap(int slices, int resamples, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        Slices = slices;
        Resamples = resamples;
        BlockLength = BlockLengthFor(slices);
        BlocksPerResample = (slices + BlockLength - 1) / BlockLength;
        LastBlockLength = slices - ((BlocksPerResample - 1) * BlockLength);
        weights = new int[resamples * slices];
        starts = new int[resamples * BlocksPerResample];
        var random = new SplitMix64(seed);
        for (var resample = 0; resample < resamples; resample++)
        {
            var picks = weights.AsSpan(resample * slices, slices);
            for (var block = 0; block < BlocksPerResample; block++)
            {
                var start = random.Below(slices);
                starts[(resample * BlocksPerResample) + block] = start;
                var length = block == BlocksPerResample - 1 ? LastBlockLength : BlockLength;
                for (var i = 0; i < length; i++)
                {
                    picks[(start + i) % slices]++;
                }
            }
        }
    }

    public int Slices { get; }

    public int Resamples { get; }

    /// <summary>Slices per block: the cube root of the slice count, the usual rate for block bootstraps.</summary>
    public int BlockLength { get; }

    /// <summary>Blocks per resample: as many as make the run's length, the last one cut short.</summary>
    public int BlocksPerResample { get; }

    public int LastBlockLength { get; }

    public static int BlockLengthFor(int slices) => Math.Max(1, (int)Math.Round(Math.Cbrt(slices)));

    /// <summary>How many times each slice is in resample <paramref name="resample"/>.</summary>
    public ReadOnlySpan<int> Weights(int resample) => weights.AsSpan(resample * Slices, Slices);

    /// <summary>The blocks of resample <paramref name="resample"/>, for sums over prefix sums.</summary>
    public SliceBlocks Blocks(int resample) =>
        new(starts.AsSpan(resample * BlocksPerResample, BlocksPerResample), BlockLength, LastBlockLength, Slices);

    /// <summary>A small, fast generator with a stable sequence for a seed, so that outputs are reproducible.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong state = seed;

        public int Below(int bound) => (int)(Next() % (ulong)bound);

        private ulong Next()
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
