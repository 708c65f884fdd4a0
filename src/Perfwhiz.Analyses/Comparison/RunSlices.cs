using Perfwhiz.Analyses.Selection;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses.Comparison;

/// <summary>
/// A run cut into time slices of equal length (the last one shorter), with each selected task's
/// figures per slice: what the bootstrap resamples. Computed once per run in one pass over the rows.
/// </summary>
public sealed class RunSlices
{
    private readonly long fromNs;
    private readonly long sliceNs;
    private readonly TaskSlices?[] byKey;
    private readonly ValueColumns?[] perSwitch;

    private RunSlices(Run run, long sliceNs)
    {
        Run = run;
        this.sliceNs = sliceNs;
        fromNs = run.Window.FromNs;
        var end = Math.Min(run.Window.ToNs, LastTime(run.Capture));
        var slices = (int)Math.Max(1, (end - fromNs + sliceNs - 1) / sliceNs);
        SliceLengthNs = new long[slices];
        for (var slice = 0; slice < slices; slice++)
        {
            SliceLengthNs[slice] = Math.Max(1, Math.Min(sliceNs, end - fromNs - (slice * sliceNs)));
        }

        SliceLengthPrefix = SliceBlocks.Prefix(SliceLengthNs);

        HasWakeups = run.Capture.Wakeups.Count > 0;
        byKey = new TaskSlices?[run.Keys.Count];
        perSwitch = new ValueColumns?[run.Keys.Count];
    }

    public Run Run { get; }

    public long[] SliceLengthNs { get; }

    /// <summary>Sums of <see cref="SliceLengthNs"/> before each slice, for <see cref="SliceBlocks.Sum{T}"/>.</summary>
    public long[] SliceLengthPrefix { get; }

    public int Slices => SliceLengthNs.Length;

    /// <summary>Whether the capture recorded wakeups (the original's cdicts did not): without them there is no wakeup latency.</summary>
    public bool HasWakeups { get; }

    /// <summary>The selected tasks that ran or exited in the window, by name.</summary>
    public IReadOnlyDictionary<string, TaskSlices> Tasks { get; private set; } = new Dictionary<string, TaskSlices>(StringComparer.Ordinal);

    /// <param name="measured">The selected tasks' waits (<see cref="WakeupLatencyAnalysis.Measure"/>) when the caller has them already.</param>
    public static RunSlices Build(Run run, bool[] selected, long sliceNs, TaskWaits? measured = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentOutOfRangeException.ThrowIfLessThan(sliceNs, 1);
        var slices = new RunSlices(run, sliceNs);
        slices.CountEvents(selected);
        var waits = slices.HasWakeups ? slices.CollectWaits(measured ?? WakeupLatencyAnalysis.Measure(run, selected)) : null;
        slices.Finish(waits);
        return slices;
    }

    private static long LastTime(Capture capture)
    {
        var events = capture.Events;
        var wakeups = capture.Wakeups;
        return Math.Max(events.Count > 0 ? events.TimeNs[events.Count - 1] : 0, wakeups.Count > 0 ? wakeups.TimeNs[wakeups.Count - 1] : 0);
    }

    private int SliceOf(long time) => (int)Math.Clamp((time - fromNs) / sliceNs, 0, Slices - 1);

    private TaskSlices Task(int key) => byKey[key] ??= new TaskSlices(Run.Keys.Name(key), Slices);

    // Switches (run time, switch count, run time per switch) and KVM exits, one pass over the window.
    private void CountEvents(bool[] selected)
    {
        var events = Run.Capture.Events;
        var kinds = events.Kind;
        var times = events.TimeNs;
        var durations = events.DurationNs;
        var rowKeys = Run.Keys.OfRow;
        for (var row = Run.EventStart; row < Run.EventEnd; row++)
        {
            var key = rowKeys[row];
            var kind = kinds[row];
            if (!selected[key] || (kind != EventKind.Switch && kind != EventKind.KvmExit))
            {
                continue;
            }

            var slice = SliceOf(times[row]);
            var task = Task(key);
            if (kind == EventKind.Switch)
            {
                task.RunTimeNs[slice] += durations[row];
                task.Switches[slice]++;
                (perSwitch[key] ??= new ValueColumns()).Add(slice, durations[row]);
            }
            else
            {
                var reason = events.ExitReason[row];
                if (!task.ExitsByReason.TryGetValue(reason, out var counts))
                {
                    task.ExitsByReason[reason] = counts = new long[Slices];
                }

                counts[slice]++;
            }
        }
    }

    // Wakeup waits, in the slice where they ended, of the tasks that ran in the window.
    private ValueColumns?[] CollectWaits(TaskWaits measured)
    {
        var waits = new ValueColumns?[byKey.Length];
        var keys = measured.Keys;
        var starts = measured.Starts;
        var delays = measured.Delays;
        for (var i = 0; i < keys.Length; i++)
        {
            if (byKey[keys[i]] is not null)
            {
                (waits[keys[i]] ??= new ValueColumns()).Add(SliceOf(starts[i] + delays[i]), delays[i]);
            }
        }

        return waits;
    }

    private void Finish(ValueColumns?[]? waits)
    {
        var scratch = new int[LogBuckets.Count];
        var tasks = new Dictionary<string, TaskSlices>(StringComparer.Ordinal);
        for (var key = 0; key < byKey.Length; key++)
        {
            if (byKey[key] is not { } task)
            {
                continue;
            }

            task.SumExits();
            task.RunPerSwitch = (perSwitch[key] ?? new ValueColumns()).ToDistribution(Slices, scratch);
            task.Waits = waits is null ? null : (waits[key] ?? new ValueColumns()).ToDistribution(Slices, scratch);
            tasks[task.Name] = task;
        }

        Tasks = tasks;
    }

    /// <summary>Growing (slice, value) columns.</summary>
    private sealed class ValueColumns
    {
        private int[] slices = new int[16];
        private long[] values = new long[16];
        private int count;

        public void Add(int slice, long value)
        {
            if (count == slices.Length)
            {
                Array.Resize(ref slices, count * 2);
                Array.Resize(ref values, count * 2);
            }

            slices[count] = slice;
            values[count++] = value;
        }

        public SlicedDistribution ToDistribution(int sliceCount, int[] scratch) =>
            SlicedDistribution.Build(slices.AsSpan(0, count), values[..count], sliceCount, scratch);
    }
}
