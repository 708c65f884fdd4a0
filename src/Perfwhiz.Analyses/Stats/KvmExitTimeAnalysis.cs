using System.Runtime.InteropServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses.Stats;

/// <summary>
/// KVM exit handling times per exit reason and per vCPU thread. A kvm_entry row carries the time
/// since its thread's previous exit; the reason is that exit's. The first exit of each vCPU is not in
/// the table (its guest time is unknown), so its entry is not counted.
/// </summary>
public static class KvmExitTimeAnalysis
{
    public static KvmExitStats Compute(Capture capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var events = capture.Events;
        var pendingReason = new Dictionary<int, uint>();
        var times = new Dictionary<(int Tid, uint Reason), Times>();
        var names = new Dictionary<int, int>();
        var exitRows = 0L;
        var kinds = events.Kind.AsSpan(0, events.Count);
        // Only the KVM rows count: a capture without them is searched at vector speed, not row by row.
        for (var row = kinds.IndexOfAny(EventKind.KvmExit, EventKind.KvmEntry); row >= 0 && row < kinds.Length; row++)
        {
            var tid = events.Pid[row];
            if (kinds[row] == EventKind.KvmExit)
            {
                pendingReason[tid] = events.ExitReason[row];
                names[tid] = events.Task[row];
                exitRows++;
            }
            else if (kinds[row] == EventKind.KvmEntry && pendingReason.Remove(tid, out var reason))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(times, (tid, reason), out _).Add(events.DurationNs[row]);
                names[tid] = events.Task[row];
            }
        }

        var perReason = times.GroupBy(pair => pair.Key.Reason, pair => pair.Value).Select(group => (Reason: group.Key, Times: group.Aggregate(default(Times), Times.Combine)));
        var vcpus = times.GroupBy(pair => pair.Key.Tid).Select(vcpu =>
        {
            var reasons = vcpu.Select(pair => (pair.Key.Reason, Times: pair.Value)).ToList();
            var name = names[vcpu.Key];
            return new VcpuExits(name >= 0 ? capture.Names[name] : Selection.TaskKeys.UnnamedTask, vcpu.Key, reasons.Sum(pair => pair.Times.Count), Table(reasons));
        });
        return new KvmExitStats(
            Table([.. perReason]),
            [.. vcpus.OrderByDescending(vcpu => vcpu.Count).ThenBy(vcpu => vcpu.Task, StringComparer.Ordinal).ThenBy(vcpu => vcpu.Tid)],
            exitRows);
    }

    private static List<ExitHandling> Table(List<(uint Reason, Times Times)> reasons)
    {
        var total = reasons.Sum(pair => pair.Times.Count);
        return
        [
            .. reasons
                .Select(pair => new ExitHandling(pair.Reason, pair.Times.Count, pair.Times.Count * 100.0 / total, pair.Times.TotalNs, pair.Times.MinNs, pair.Times.MaxNs))
                .OrderByDescending(reason => reason.Count)
                .ThenBy(reason => reason.Reason),
        ];
    }

    /// <summary>Count, sum, min and max of handling times.</summary>
    private struct Times
    {
        public long Count;
        public long TotalNs;
        public long MinNs;
        public long MaxNs;

        public static Times Combine(Times a, Times b) => a.Count == 0 ? b : b.Count == 0 ? a : new Times
        {
            Count = a.Count + b.Count,
            TotalNs = a.TotalNs + b.TotalNs,
            MinNs = Math.Min(a.MinNs, b.MinNs),
            MaxNs = Math.Max(a.MaxNs, b.MaxNs),
        };

        public void Add(long durationNs)
        {
            MinNs = Count == 0 ? durationNs : Math.Min(MinNs, durationNs);
            MaxNs = Math.Max(MaxNs, durationNs);
            TotalNs += durationNs;
            Count++;
        }
    }
}
