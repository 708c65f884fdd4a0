using System.Runtime.ExceptionServices;

namespace Perfwhiz.Conversion;

/// <summary>
/// Puts the decoded events back in time order and assembles the capture on a thread of its own,
/// so that this work runs on a second core while the reader decodes. The events come in batches
/// that end at a FINISHED_ROUND, and the thread replays each batch's rounds in order: the result
/// is the one the queue and the assembler give when fed directly.
/// </summary>
internal sealed class AssemblyThread : IDisposable
{
    // Events per batch: a few rounds (a batch may end inside a round; the round ends it carries say where).
    private const int BatchEvents = 8192;

    // Batches the reader may run ahead by; then it waits, which bounds the memory in flight.
    private const int MaxBatches = 4;

    private readonly RoundOrderedQueue queue;
    private readonly CaptureAssembler assembler;
    private readonly Thread thread;
    private readonly object gate = new();
    private readonly Queue<EventBatch> handedOver = new();
    private readonly Queue<EventBatch> reusable = new();
    private EventBatch current = new();
    private int batches = 1;
    private ExceptionDispatchInfo? failure;
    private bool stopped;

    public AssemblyThread(RoundOrderedQueue queue, CaptureAssembler assembler)
    {
        this.queue = queue;
        this.assembler = assembler;
        thread = new Thread(Run) { IsBackground = true, Name = "perfwhiz assembly" };
        thread.Start();
    }

    public void Add(PendingEvent item)
    {
        if (current.Count == BatchEvents)
        {
            HandOver();
            current = ReusableBatch();
        }

        current.Add(item);
    }

    public void FinishRound() => current.EndRound();

    /// <summary>Tells the assembler how much of the capture was read, with the next batch.</summary>
    public void ExpectTotal(long bytesRead, long totalBytes) => current.Progress = (bytesRead, totalBytes);

    /// <summary>Hands over the last events and waits until they are assembled; rethrows what failed there.</summary>
    public void Complete()
    {
        current.IsLast = true;
        HandOver();
        thread.Join();
        failure?.Throw();
    }

    /// <summary>Stops the thread when the conversion ends early (damaged capture, cancellation).</summary>
    public void Dispose()
    {
        lock (gate)
        {
            stopped = true;
            Monitor.PulseAll(gate);
        }

        thread.Join();
    }

    private void HandOver()
    {
        lock (gate)
        {
            handedOver.Enqueue(current);
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>A batch the thread is done with, or a new one while fewer than <see cref="MaxBatches"/> exist.</summary>
    private EventBatch ReusableBatch()
    {
        lock (gate)
        {
            while (reusable.Count == 0 && batches == MaxBatches && failure is null)
            {
                Monitor.Wait(gate);
            }

            failure?.Throw();
            if (reusable.Count > 0)
            {
                return reusable.Dequeue();
            }
        }

        batches++;
        return new EventBatch();
    }

    private void Run()
    {
        try
        {
            while (Next() is { } batch)
            {
                Assemble(batch);
                if (batch.IsLast)
                {
                    return;
                }

                batch.Clear();
                lock (gate)
                {
                    reusable.Enqueue(batch);
                    Monitor.PulseAll(gate);
                }
            }
        }
        catch (Exception e)
        {
            lock (gate)
            {
                failure = ExceptionDispatchInfo.Capture(e);
                Monitor.PulseAll(gate);
            }
        }
    }

    private EventBatch? Next()
    {
        lock (gate)
        {
            while (handedOver.Count == 0 && !stopped)
            {
                Monitor.Wait(gate);
            }

            return stopped ? null : handedOver.Dequeue();
        }
    }

    private void Assemble(EventBatch batch)
    {
        if (batch.Progress.TotalBytes > 0)
        {
            assembler.ExpectTotal(batch.Progress.BytesRead, batch.Progress.TotalBytes);
        }

        var events = batch.Events;
        var added = 0;
        foreach (var roundEnd in batch.RoundEnds)
        {
            for (; added < roundEnd; added++)
            {
                queue.Add(events[added]);
            }

            queue.FinishRound();
        }

        for (; added < events.Length; added++)
        {
            queue.Add(events[added]);
        }

        if (batch.IsLast)
        {
            queue.FinishAll();
        }
    }
}
