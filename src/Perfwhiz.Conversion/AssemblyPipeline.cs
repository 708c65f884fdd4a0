using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Conversion;

/// <summary>
/// Puts the decoded records in time order and assembles them on a thread of its own, so that
/// reading and decoding them (the caller's thread) and ordering and assembling them run on two
/// cores. Records travel in batches, in the order they were added, with the round ends and the
/// progress reports among them; the task names they carry are interned there too (see
/// <see cref="PendingBatch"/>), so <see cref="TaskNames"/> is the worker's until <see cref="Finish"/>.
/// The worker's failure is rethrown on the caller's thread as it is.
/// </summary>
internal sealed class AssemblyPipeline : IDisposable
{
    // Batches handed over but not yet assembled: enough to ride out a round's merge or an early
    // deflate run (~0.5 ms: 9 batches at the reading thread's pace), few enough to cost little memory (1.2 MB).
    private const int BatchesInFlight = 16;

    private readonly RoundOrderedQueue queue;
    private readonly CaptureAssembler assembler;
    private readonly CommInterner names;
    private readonly BlockingCollection<PendingBatch> full = new(BatchesInFlight);
    private readonly ConcurrentQueue<PendingBatch> empty = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Thread worker;
    private PendingBatch batch = new();
    private ExceptionDispatchInfo? failure;

    public AssemblyPipeline(CaptureAssembler assembler, TaskNames names)
    {
        this.assembler = assembler;
        this.names = new CommInterner(names);
        queue = new RoundOrderedQueue(assembler);
        worker = new Thread(Assemble) { IsBackground = true, Name = "perf.data assembly" };
        worker.Start();
    }

    /// <summary>Events that arrived after a later event had already been emitted; read after <see cref="Finish"/>.</summary>
    public long LateEvents => queue.LateEvents;

    /// <summary>Adds a record that carries no task name.</summary>
    public void Add(PendingEvent item) => Add(ref item, default, default);

    /// <summary>
    /// Adds a record whose task names (those <see cref="PendingEvent.NameFollows"/> marks) are to be
    /// interned on the worker. By reference, not copied: the reading thread's hottest path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ref PendingEvent item, ReadOnlySpan<byte> task, ReadOnlySpan<byte> nextTask)
    {
        if (!batch.TryAdd(ref item, task, nextTask))
        {
            AddToAnotherBatch(ref item, task, nextTask);
        }

        if (batch.IsFull)
        {
            Send();
        }
    }

    public void FinishRound() => Add(new PendingEvent { Kind = PendingKind.RoundEnd });

    /// <summary>Passes on how much of the capture was read, for the assembler's table sizes.</summary>
    public void Progress(long bytesRead, long totalBytes) => Add(new PendingEvent { Kind = PendingKind.Progress, TimeNs = bytesRead, Number = totalBytes });

    /// <summary>Assembles what is left and waits for it; the assembler is then the caller's.</summary>
    public void Finish()
    {
        Send();
        full.CompleteAdding();
        worker.Join();
        failure?.Throw();
    }

    /// <summary>Stops the worker when the caller fails before <see cref="Finish"/>.</summary>
    public void Dispose()
    {
        if (worker.IsAlive)
        {
            stop.Cancel();
            worker.Join();
        }

        full.Dispose();
        stop.Dispose();
    }

    // Long names filled the batch: the record goes first in the next one, where any names fit.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddToAnotherBatch(ref PendingEvent item, ReadOnlySpan<byte> task, ReadOnlySpan<byte> nextTask)
    {
        Send();
        batch.TryAdd(ref item, task, nextTask);
    }

    private void Send()
    {
        PendingBatch.Publish();
        try
        {
            full.Add(batch, stop.Token);
        }
        catch (OperationCanceledException)
        {
            worker.Join();
            failure?.Throw();
            throw;
        }

        batch = empty.TryDequeue(out var reused) ? reused : new PendingBatch();
    }

    private void Assemble()
    {
        try
        {
            // With no batch waiting, a run of the early cdict columns, and only then a wait: the
            // thread stays busy on its own core while there is work, instead of sleeping and being woken.
            // Once the reading is over, what is left of those columns is deflated on every core by the cdict's write.
            while (true)
            {
                stop.Token.ThrowIfCancellationRequested();
                if (!full.TryTake(out var sent))
                {
                    if (!full.IsAddingCompleted && assembler.DeflateEarlyRun())
                    {
                        continue;
                    }

                    if (!full.TryTake(out sent, Timeout.Infinite, stop.Token))
                    {
                        break;
                    }
                }

                Dispatch(sent.InternNames(names));
                sent.Clear();
                empty.Enqueue(sent);
            }

            queue.FinishAll();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The caller failed and stopped us: its error is the one reported.
        }
        catch (Exception e)
        {
            // Handed over as it is (a PerfDataException stays the one-line error it is), to be rethrown on the caller's thread.
            failure = ExceptionDispatchInfo.Capture(e);
            stop.Cancel();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dispatch(ReadOnlySpan<PendingEvent> items)
    {
        foreach (ref readonly var item in items)
        {
            switch (item.Kind)
            {
                case PendingKind.RoundEnd:
                    queue.FinishRound();
                    break;
                case PendingKind.Progress:
                    assembler.ExpectTotal(item.TimeNs, item.Number);
                    break;
                default:
                    queue.Add(item);
                    break;
            }
        }
    }
}
