namespace Perfwhiz.Tests.Exports;

/// <summary>One switch or wakeup of a decoded trace, whole or expanded from a bundle's compact_sched.</summary>
/// <param name="Kind">sched_switch, sched_waking, sched_wakeup or sched_wakeup_new.</param>
/// <param name="Pid">Switches: the task switched out; wakeups: the task woken.</param>
/// <param name="Comm">Switches: the name of the task switched out; wakeups: of the task woken.</param>
internal sealed record DecodedSched(long Cpu, long Timestamp, string Kind, long Pid, string Comm, long NextPid, string? NextComm, bool Compact)
{
    private static readonly string[] WakeupKinds = ["sched_waking", "sched_wakeup", "sched_wakeup_new"];

    /// <summary>
    /// The events of every bundle, per CPU in file order, compact ones expanded as Perfetto reads
    /// them: deltas summed from the bundle's first timestamp, names from its intern table, and a
    /// compact switch's task switched out the one its CPU's previous switch put in.
    /// </summary>
    public static List<DecodedSched> Expand(IEnumerable<ProtoText> bundles)
    {
        var all = new List<DecodedSched>();
        var switchedIn = new Dictionary<long, (long Pid, string Comm)>();
        foreach (var bundle in bundles)
        {
            var cpu = bundle.Number("cpu");
            var inBundle = FromEvents(cpu, bundle).Concat(FromCompact(cpu, bundle.One("compact_sched"))).OrderBy(e => e.Timestamp).ToList();
            foreach (var e in inBundle)
            {
                if (e.Kind != "sched_switch")
                {
                    all.Add(e);
                    continue;
                }

                var previous = switchedIn.GetValueOrDefault(cpu, (-1, "?"));
                all.Add(e.Compact ? e with { Pid = previous.Pid, Comm = previous.Comm } : e);
                switchedIn[cpu] = (e.NextPid, e.NextComm!);
            }
        }

        return all;
    }

    private static IEnumerable<DecodedSched> FromEvents(long cpu, ProtoText bundle)
    {
        foreach (var e in bundle.All("event"))
        {
            var timestamp = e.Number("timestamp");
            if (e.One("sched_switch") is { } sw)
            {
                yield return new DecodedSched(cpu, timestamp, "sched_switch", sw.Number("prev_pid"), sw.Field("prev_comm")!, sw.Number("next_pid"), sw.Field("next_comm"), Compact: false);
            }

            foreach (var kind in WakeupKinds)
            {
                if (e.One(kind) is { } wakeup)
                {
                    yield return new DecodedSched(cpu, timestamp, kind, wakeup.Number("pid"), wakeup.Field("comm")!, 0, null, Compact: false);
                }
            }
        }
    }

    private static IEnumerable<DecodedSched> FromCompact(long cpu, ProtoText? compact)
    {
        if (compact is null)
        {
            yield break;
        }

        var names = compact.Fields("intern_table").ToList();
        var nextPids = Numbers(compact, "switch_next_pid");
        var nextComms = Numbers(compact, "switch_next_comm_index");
        var time = 0L;
        foreach (var (delta, i) in Numbers(compact, "switch_timestamp").Select((delta, i) => (delta, i)))
        {
            time += delta;
            yield return new DecodedSched(cpu, time, "sched_switch", -1, "?", nextPids[i], names[(int)nextComms[i]], Compact: true);
        }

        var pids = Numbers(compact, "waking_pid");
        var comms = Numbers(compact, "waking_comm_index");
        time = 0;
        foreach (var (delta, i) in Numbers(compact, "waking_timestamp").Select((delta, i) => (delta, i)))
        {
            time += delta;
            yield return new DecodedSched(cpu, time, "sched_waking", pids[i], names[(int)comms[i]], 0, null, Compact: true);
        }
    }

    private static List<long> Numbers(ProtoText message, string field) =>
        [.. message.Fields(field).Select(value => long.Parse(value, System.Globalization.CultureInfo.InvariantCulture))];
}
