using Perfwhiz.Analyses.Comparison;
using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Comparison;

/// <summary>
/// Synthetic runs of one task whose scheduling is bursty and correlated in time, as real ones are:
/// each 50 ms slice has a load level following an AR(1) process, which sets both how many times
/// the task runs in the slice and how long each run lasts (log-normal). An effect multiplies run
/// lengths. A regime shifts the level of a whole run, as the scheduling regime a workload settles
/// in for seconds does from one capture to the next.
/// </summary>
internal static class SyntheticRuns
{
    public const long SliceNs = 50_000_000;

    public static RunSlices Make(int seed, int slices, double runLengthFactor = 1.0, double regime = 0)
    {
        var random = new Random(seed);
        var names = new TaskNames();
        var events = new EventTable(names);
        var worker = names.Intern("worker");
        var idle = names.Intern("idle");
        var level = 0.0;
        var rows = new List<(long Time, long Duration)>();
        for (var slice = 0; slice < slices; slice++)
        {
            level = (0.6 * level) + (0.4 * Normal(random)) + (0.4 * regime); // correlated over a few slices
            var count = Poisson(random, 20 * Math.Exp(0.3 * level));
            for (var i = 0; i < count; i++)
            {
                var duration = 200_000 * runLengthFactor * Math.Exp((0.5 * Normal(random)) + (0.3 * level));
                rows.Add(((slice * SliceNs) + random.NextInt64(SliceNs), (long)duration));
            }
        }

        foreach (var (time, duration) in rows.OrderBy(row => row.Time))
        {
            events.Add(EventKind.Switch, 0, time, 10, worker, duration, 0, idle, 0);
        }

        // A last event at the end, so that the run spans every slice.
        events.Add(EventKind.Switch, 0, slices * SliceNs, 0, idle, 1, 10, worker, 0);
        var capture = new Capture(events, new WakeupTable(), new CaptureInfo());
        var run = new Run($"run{seed}.cdict", $"run{seed}", capture, TaskKeys.Build(capture, new TaskNaming()), new AnalysisWindow(0, slices * SliceNs, 1.0));
        var selected = new bool[run.Keys.Count];
        selected[run.Keys.OfRow[0]] = true;
        return RunSlices.Build(run, selected, SliceNs);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var count = 0;
        for (var product = random.NextDouble(); product > limit; product *= random.NextDouble())
        {
            count++;
        }

        return count;
    }
}
