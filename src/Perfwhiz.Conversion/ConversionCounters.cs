using Perfwhiz.Captures.Table;

namespace Perfwhiz.Conversion;

/// <summary>
/// Per tracepoint, how many samples became rows (or run times) and how many were dropped and why.
/// Counted in arrays on the hot path; named when the conversion ends.
/// </summary>
internal sealed class ConversionCounters
{
    private static readonly string[] KernelNames =
    [
        "sched:sched_switch", "sched:sched_stat_runtime", "sched:sched_stat_sleep", "sched:sched_stat_iowait",
        "sched:sched_waking", "sched:sched_wakeup", "sched:sched_wakeup_new", "kvm:kvm_exit", "kvm:kvm_entry",
    ];

    private static readonly string[] FirstDropReasons =
    [
        "first on its CPU, run time unknown", string.Empty, string.Empty, string.Empty,
        string.Empty, string.Empty, string.Empty, "first of its vCPU, guest time unknown", "first of its vCPU, exit time unknown",
    ];

    private readonly long[] kept = new long[KernelNames.Length];
    private readonly long[] droppedAsFirst = new long[KernelNames.Length];
    private readonly long[] malformed = new long[KernelNames.Length];

    public static string KernelName(PendingKind kind) => KernelNames[(int)kind];

    public void Keep(PendingKind kind) => kept[(int)kind]++;

    /// <summary>The first event of its kind on a CPU or vCPU: the duration it needs has no start.</summary>
    public void DropAsFirst(PendingKind kind) => droppedAsFirst[(int)kind]++;

    public void DropMalformed(PendingKind kind) => malformed[(int)kind]++;

    public void CopyTo(CaptureInfo info)
    {
        for (var i = 0; i < KernelNames.Length; i++)
        {
            if (kept[i] > 0)
            {
                info.KeptPerEvent[KernelNames[i]] = kept[i];
            }

            if (droppedAsFirst[i] > 0)
            {
                info.DroppedPerEvent[$"{KernelNames[i]} ({FirstDropReasons[i]})"] = droppedAsFirst[i];
            }

            if (malformed[i] > 0)
            {
                info.DroppedPerEvent[$"{KernelNames[i]} (payload too short for its format)"] = malformed[i];
            }
        }
    }
}
