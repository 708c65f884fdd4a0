using System.Runtime.CompilerServices;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;
using Perfwhiz.Perf;
using Perfwhiz.Perf.Container;
using Perfwhiz.Perf.Records;
using Perfwhiz.Perf.Tracepoints;

namespace Perfwhiz.Conversion;

/// <summary>
/// Receives a capture's records in file order, decodes the tracepoints perfwhiz uses, and has them
/// put back in time order and assembled on another thread (<see cref="AssemblyPipeline"/>). Everything else is counted, not kept.
/// </summary>
internal sealed class PerfCaptureBuilder : IPerfRecordSink, IDisposable
{
    private readonly string displayName;
    private readonly TaskNames names = new();
    private readonly ConversionCounters counters = new();
    private readonly CaptureAssembler assembler;
    private readonly AssemblyPipeline pipeline;
    private readonly CaptureInfo info = new() { FormatVersion = 1 };
    private long[] lastSampleTimeByCpu = new long[64];
    private long[] newestSampleTimeByCpu = new long[64];
    private readonly List<(long Start, long End)> lostRanges = [];
    private TracepointDecoder?[] decoders = [];
    private long[] unusedSamples = [];
    private PerfMetadata? metadata;
    private long lostFromLostRecords;
    private long lostFromLostSamples;
    private IReadOnlyList<IReadOnlyDictionary<long, string>> exitReasonTables = [];

    // A task's own sched_stat_runtime, held back until the next record says whether it folds into that task's switch out.
    private PendingEvent heldRuntime;
    private bool holdingRuntime;

    /// <param name="rowsPerEarlyRun">Rows per run of the cdict columns deflated during the conversion (see <see cref="CaptureAssembler"/>).</param>
    public PerfCaptureBuilder(string displayName, int rowsPerEarlyRun = EarlyColumnDeflater.DefaultRowsPerRun)
    {
        this.displayName = displayName;
        assembler = new CaptureAssembler(names, counters, rowsPerEarlyRun);
        pipeline = new AssemblyPipeline(assembler, names);
    }

    public void OnMetadata(PerfMetadata metadata)
    {
        this.metadata = metadata;
        decoders = new TracepointDecoder?[metadata.Attrs.Count];
        unusedSamples = new long[metadata.Attrs.Count];
        for (var i = 0; i < metadata.Attrs.Count; i++)
        {
            var attr = metadata.Attrs[i];
            var decoder = attr.Format is null ? null : TracepointDecoder.For(attr.Format, metadata.PayloadBigEndian);
            if (decoder?.MissingField is { } missing)
            {
                info.Warnings.Add($"{attr.DisplayName} has no field '{missing}' in this capture's format: its samples are dropped");
                decoder = null;
            }

            decoders[i] = decoder;
        }

        CaptureHealth.CheckEvents(displayName, metadata, info.Warnings);
        ReadExitReasonNames(metadata);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the reader's sample decoding, its one caller
    public void OnSample(in SampleRecord sample)
    {
        var index = sample.Attr.Index;
        var decoder = decoders[index];
        if (decoder is null)
        {
            ReleaseHeldRuntime();
            unusedSamples[index]++;
            return;
        }

        var inCpuOrder = NoteSampleTime(sample.Cpu, sample.TimeNs);

        // Decoded into a register-held record, then streamed into the batch (see PendingBatch).
        PendingEvent decoded = default;
        if (!decoder.TryDecode(sample, ref decoded, out var task, out var nextTask))
        {
            ReleaseHeldRuntime();
            counters.DropMalformed(decoder.Kind);
            return;
        }

        if (holdingRuntime)
        {
            FoldHeldRuntimeInto(ref decoded);
        }

        if (decoded.Kind == PendingKind.StatRuntime && sample.Tid == decoded.Pid && inCpuOrder)
        {
            heldRuntime = decoded;
            holdingRuntime = true;
            return;
        }

        pipeline.Add(ref decoded, task, nextTask);
    }

    public void OnComm(CommRecord comm)
    {
        ReleaseHeldRuntime();
        var record = new PendingEvent { Kind = PendingKind.Comm, TimeNs = comm.TimeNs, Pid = comm.Tid, Task = PendingEvent.NameFollows, NextTask = EventTable.NoTask };
        pipeline.Add(ref record, comm.Name, default);
    }

    public void OnTask(TaskRecord task)
    {
        ReleaseHeldRuntime();
        if (task.Type == RecordType.Fork)
        {
            pipeline.Add(new PendingEvent { Kind = PendingKind.Fork, TimeNs = task.TimeNs, Pid = task.Tid, ParentTid = task.ParentTid });
        }
    }

    // LOST (ring buffer overflow) and LOST_SAMPLES count the same loss: prefer LOST, which also says when.
    public void OnLost(LostRecord lost)
    {
        ReleaseHeldRuntime();
        if (lost.Type == RecordType.LostSamples)
        {
            lostFromLostSamples += lost.Count;
            return;
        }

        lostFromLostRecords += lost.Count;
        var start = (uint)lost.Cpu < (uint)lastSampleTimeByCpu.Length && lastSampleTimeByCpu[lost.Cpu] != 0
            ? lastSampleTimeByCpu[lost.Cpu]
            : lost.TimeNs;
        lostRanges.Add((start, lost.TimeNs));
    }

    public void OnFinishedRound()
    {
        ReleaseHeldRuntime();
        pipeline.FinishRound();
    }

    /// <summary>Told now and then how much of the capture was read (total 0: unknown, a pipe).</summary>
    public void OnProgress(long bytesRead, long totalBytes)
    {
        ReleaseHeldRuntime();
        pipeline.Progress(bytesRead, totalBytes);
    }

    public Capture Finish(PerfReadSummary summary)
    {
        ReleaseHeldRuntime();
        pipeline.Finish();
        var (events, wakeups, origin, earlyColumns) = assembler.Finish();
        var recorded = metadata ?? throw new PerfDataException($"{displayName} holds no events");
        info.Host = recorded.Hostname;
        info.Kernel = recorded.OsRelease;
        info.PerfVersion = recorded.PerfVersion;
        info.Arch = recorded.Arch;
        info.CpuCount = recorded.CpusOnline ?? recorded.CpusAvailable;
        info.FirstEventPerfClockNs = origin;
        info.DurationNs = Math.Max(
            events.Count > 0 ? events.TimeNs[events.Count - 1] : 0,
            wakeups.Count > 0 ? wakeups.TimeNs[wakeups.Count - 1] : 0);
        info.LostEvents = lostFromLostRecords > 0 ? lostFromLostRecords : lostFromLostSamples;
        foreach (var (start, end) in lostRanges)
        {
            info.LostRanges.Add(new TimeRange(start - origin, end - origin));
        }

        counters.CopyTo(info);
        CopyExitReasonNames();
        for (var i = 0; i < unusedSamples.Length; i++)
        {
            if (unusedSamples[i] > 0)
            {
                info.DroppedPerEvent[recorded.Attrs[i].DisplayName] = unusedSamples[i];
            }
        }

        info.Warnings.InsertRange(0, recorded.Warnings);
        info.Warnings.AddRange(summary.Warnings);
        if (summary.MalformedRecords > 0)
        {
            info.Warnings.Add($"{summary.MalformedRecords} records contradicted their own size or the capture's attributes and were skipped");
        }

        if (pipeline.LateEvents > 0)
        {
            info.Warnings.Add($"{pipeline.LateEvents} events arrived after later ones had been processed (perf's round order was broken)");
        }

        return new Capture(events, wakeups, info) { SchedRuntimeByTid = assembler.RuntimeTotals(), EarlyColumns = earlyColumns };
    }

    /// <summary>Stops the assembly thread when reading failed before <see cref="Finish"/>.</summary>
    public void Dispose()
    {
        pipeline.Dispose();
        assembler.Dispose();
    }

    /// <summary>Notes a decoded sample's time on its CPU; false when it is older than one before it there, or has no CPU.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool NoteSampleTime(int cpu, long timeNs)
    {
        if ((uint)cpu >= (uint)lastSampleTimeByCpu.Length)
        {
            if (cpu < 0)
            {
                return false;
            }

            Array.Resize(ref lastSampleTimeByCpu, cpu + 64);
            Array.Resize(ref newestSampleTimeByCpu, cpu + 64);
        }

        lastSampleTimeByCpu[cpu] = timeNs;
        ref var newest = ref newestSampleTimeByCpu[cpu];
        var inOrder = timeNs >= newest;
        newest = Math.Max(newest, timeNs);
        return inOrder;
    }

    /// <summary>
    /// Folds the held sched_stat_runtime into <paramref name="decoded"/> when that is its task's switch
    /// out, else sends it on its own. This is the run time the kernel reports as it switches a task
    /// out: most of a capture's sched_stat_runtime records. It folds only where, in a capture that
    /// agrees with itself, nothing can come between the two: the runtime was recorded in its own
    /// task's context (the sample's tid), so that task ran on that CPU then, and the very next record
    /// of the file is that task's switch out on that CPU, no earlier; nothing recorded between them
    /// (a lost-events record breaks the pair too), so the task ran on that CPU throughout and no other
    /// switch can be owed the run time. The runtime must also be no older than anything before it on
    /// its CPU: a capture with a stretch of records written twice (seen after lost events) has an
    /// earlier copy of the pair, which only unfolded records order right. (A prev_state wider than 16
    /// bits, which no kernel reports, does not fit a folded record.)
    /// Deliberately, where a capture contradicts itself (CPU clocks skewed enough to put a switch out
    /// of the same task on another CPU between the two, or a round that reaches back past one already
    /// assembled), the run time stays with the switch it was recorded just before, where unfolded
    /// records would give it to whichever switch out sorted first; and such a late pair counts once in
    /// the "arrived after later ones" warning.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void FoldHeldRuntimeInto(ref PendingEvent decoded)
    {
        if (decoded.Kind == PendingKind.Switch && decoded.Cpu == heldRuntime.Cpu && decoded.Pid == heldRuntime.Pid && decoded.TimeNs >= heldRuntime.TimeNs
            && (ulong)decoded.PrevState <= ushort.MaxValue)
        {
            decoded.Kind = PendingKind.SwitchAfterRuntime;
            decoded.FoldedPrevState = (ushort)decoded.PrevState;
            decoded.FoldedRuntimeNs = heldRuntime.DurationNs;
            holdingRuntime = false;
        }
        else
        {
            ReleaseHeldRuntime();
        }
    }

    private void ReleaseHeldRuntime()
    {
        if (holdingRuntime)
        {
            holdingRuntime = false;
            pipeline.Add(ref heldRuntime, default, default);
        }
    }

    // The capture's own kvm_exit print fmt knows its kernel's exit reasons: VMX first, then SVM.
    private void ReadExitReasonNames(PerfMetadata metadata)
    {
        var kvmExit = metadata.Formats.FirstOrDefault(format => string.Equals(format.FullName, "kvm:kvm_exit", StringComparison.Ordinal));
        if (kvmExit is null)
        {
            return;
        }

        exitReasonTables = PrintSymbolicTables.Parse(kvmExit.PrintFormat);
    }

    private void CopyExitReasonNames()
    {
        // isa 2 (SVM) selects the second table when the format has one per ISA.
        var table = assembler.KvmIsa == 2 && exitReasonTables.Count > 1 ? exitReasonTables[1] : exitReasonTables.Count > 0 ? exitReasonTables[0] : null;
        foreach (var (code, name) in table ?? new Dictionary<long, string>())
        {
            info.ExitReasonNames[unchecked((uint)code)] = name;
        }
    }
}
