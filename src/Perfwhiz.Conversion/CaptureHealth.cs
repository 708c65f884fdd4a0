using Perfwhiz.Perf;
using Perfwhiz.Perf.Container;

namespace Perfwhiz.Conversion;

/// <summary>Checks that a capture holds what the analyses need and says what is missing and what it costs.</summary>
internal static class CaptureHealth
{
    public const string RecordCommand =
        "perfcap --switches <run-name>, or: perf record -a -e sched:sched_switch -e sched:sched_stat_runtime -e sched:sched_wakeup -e sched:sched_waking -e kvm:kvm_exit -e kvm:kvm_entry -- sleep 5";

    public static void CheckEvents(string displayName, PerfMetadata metadata, List<string> warnings)
    {
        var recorded = metadata.Attrs.Where(attr => attr.Format is not null).Select(attr => attr.Format!.FullName).ToHashSet(StringComparer.Ordinal);
        if (!recorded.Contains("sched:sched_switch") && !recorded.Contains("kvm:kvm_exit"))
        {
            var held = string.Join(", ", metadata.Attrs.Select(attr => attr.DisplayName).Distinct(StringComparer.Ordinal));
            throw new PerfDataException(
                $"{displayName} holds no scheduler or KVM tracepoints (it holds: {held}); record a capture with {RecordCommand}");
        }

        if (!recorded.Contains("sched:sched_switch"))
        {
            warnings.Add("no sched:sched_switch: CPU usage, context switches and core maps will be empty");
        }
        else if (!recorded.Contains("sched:sched_stat_runtime"))
        {
            warnings.Add("no sched:sched_stat_runtime: run times are taken from the switch timestamps");
        }

        if (!recorded.Contains("sched:sched_wakeup") && !recorded.Contains("sched:sched_waking"))
        {
            warnings.Add("no sched:sched_wakeup or sched_waking: wakeup latency cannot be computed");
        }

        if (!recorded.Contains("sched:sched_stat_sleep") && !recorded.Contains("sched:sched_stat_iowait"))
        {
            warnings.Add("no schedstats (sched:sched_stat_sleep/iowait not in the capture): sleep and iowait heat maps will be empty");
        }

        if (!recorded.Contains("kvm:kvm_exit"))
        {
            warnings.Add("no kvm:kvm_exit/kvm_entry: KVM exit charts will be empty");
        }
    }
}
