using Perfwhiz.Conversion;

namespace Perfwhiz.Tests.Perf;

/// <summary>
/// <see cref="RoundOrderedQueue"/> hands records on as perf's ordering does: at each round's end,
/// everything up to the newest time seen at the previous round's end, in time order, equal times in
/// arrival order; the rest at later rounds. The reference is a stable sort of what waits.
/// </summary>
[Trait("Kind", "unit")]
public class RoundOrderedQueueTests
{
    [Theory]
    [InlineData(1, 2, 50)]
    [InlineData(2, 4, 400)]
    [InlineData(3, 8, 3)]
    [InlineData(4, 1, 1000)]
    [InlineData(5, 64, 30)]
    public void RecordsComeOutAsAStableSortOfWhatEachRoundMakesFinal(int seed, int cpus, int perChunk)
    {
        // Per-CPU chunks in time order, rounds reaching back into the one before, many equal times,
        // and now and then a record older than what was already handed on (a late event).
        var random = new Random(seed);
        var received = new Received();
        var queue = new RoundOrderedQueue(received);
        var expected = new List<PendingEvent>();
        var waiting = new List<PendingEvent>();
        long limit = long.MinValue, newest = long.MinValue, clock = 1_000;
        var arrival = 0;
        for (var round = 0; round < 40; round++)
        {
            for (var cpu = 0; cpu < cpus; cpu++)
            {
                var time = clock - random.Next(0, 300);
                for (var index = 0; index < random.Next(0, perChunk); index++)
                {
                    time += random.Next(0, 3);
                    var late = arrival % 97 == 96 ? time - 5_000 : time;
                    var record = new PendingEvent { TimeNs = late, Cpu = cpu, Pid = arrival++ };
                    queue.Add(record);
                    waiting.Add(record);
                    newest = Math.Max(newest, record.TimeNs);
                }
            }

            clock += 200;
            queue.FinishRound();
            Flush(limit);
            limit = newest;
        }

        queue.FinishAll();
        Flush(long.MaxValue);

        Assert.Equal(expected.Select(record => record.Pid), received.Records.Select(record => record.Pid));
        Assert.True(queue.LateEvents > 0, "the test has no late event");

        void Flush(long upTo)
        {
            if (upTo == long.MinValue)
            {
                return;
            }

            var sorted = waiting.OrderBy(record => record.TimeNs).ToList(); // OrderBy is stable
            expected.AddRange(sorted.Where(record => record.TimeNs <= upTo));
            waiting = [.. sorted.Where(record => record.TimeNs > upTo)];
        }
    }

    private sealed class Received : RoundOrderedQueue.IRecordSink
    {
        public List<PendingEvent> Records { get; } = [];

        public void Add(PendingEvent record) => Records.Add(record);
    }
}
