using Perfwhiz.Perf.Container;

namespace Perfwhiz.Perf.Records;

/// <summary>
/// Receives a capture's records in file order (not time order: see <see cref="OnFinishedRound"/>).
/// Spans are valid only during the call.
/// </summary>
public interface IPerfRecordSink
{
    /// <summary>Called once, before the first data record, when the capture's metadata is complete.</summary>
    void OnMetadata(PerfMetadata metadata);

    /// <summary>A sample, passed by reference: the sink runs once per record, and a copy of the record's fields costs it.</summary>
    void OnSample(in SampleRecord sample);

    void OnComm(CommRecord comm);

    void OnTask(TaskRecord task);

    void OnLost(LostRecord lost);

    /// <summary>perf wrote every CPU's buffer once: events before the previous round's end are final.</summary>
    void OnFinishedRound();
}
