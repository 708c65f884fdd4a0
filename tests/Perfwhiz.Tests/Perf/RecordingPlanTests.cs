using Perfwhiz.Conversion;
using Perfwhiz.Perf.Recording;

namespace Perfwhiz.Tests.Perf;

/// <summary>perfcap records what the tracepoint catalog asks for, as far as the kernel's tracefs has it.</summary>
[Trait("Kind", "unit")]
public sealed class RecordingPlanTests : IDisposable
{
    private readonly string events = Directory.CreateTempSubdirectory("perfwhiz-tracefs-").FullName;

    public void Dispose() => Directory.Delete(events, recursive: true);

    [Fact]
    public void AKernelWithoutSchedstatsOrWakeupRecordsWhatItHasAndTheStandIn()
    {
        Kernel("sched:sched_switch", "sched:sched_stat_runtime", "sched:sched_waking", "sched:sched_wakeup_new", "kvm:kvm_exit", "kvm:kvm_entry", "kvm:kvm_emulate_insn");

        var plan = RecordingPlan.For(events, TracepointCatalog.Recorded);

        Assert.Equal(
            ["sched:sched_switch", "sched:sched_stat_runtime", "sched:sched_waking", "sched:sched_wakeup_new", "kvm:kvm_exit", "kvm:kvm_entry"],
            plan.Events);
        Assert.Equal(["sched:sched_stat_sleep", "sched:sched_stat_iowait"], plan.Missing);
    }

    [Fact]
    public void WakeupIsRecordedRatherThanWakingWhenTheKernelHasBoth()
    {
        Kernel("sched:sched_switch", "sched:sched_wakeup", "sched:sched_waking");

        var plan = RecordingPlan.For(events, TracepointCatalog.Recorded);

        Assert.Equal(["sched:sched_switch", "sched:sched_wakeup"], plan.Events);
        Assert.Contains("kvm:kvm_exit", plan.Missing);
        Assert.DoesNotContain("sched:sched_waking", plan.Missing);
    }

    [Fact]
    public void AKernelWithoutTheFirstTracepointIsRefused()
    {
        Kernel("sched:sched_wakeup", "kvm:kvm_exit");

        var error = Assert.Throws<PerfwhizException>(() => RecordingPlan.For(events, TracepointCatalog.Recorded));

        Assert.Contains("this kernel has no sched:sched_switch tracepoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryTracepointRecordedIsOneTheConversionDecodes()
    {
        var decoded = TracepointCatalog.All.Select(tracepoint => tracepoint.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(TracepointCatalog.Recorded.SelectMany(choices => choices), name => Assert.Contains(name, decoded));
        Assert.Equal(TracepointCatalog.All.Length, TracepointCatalog.All.Select(tracepoint => tracepoint.Kind).Distinct().Count());
        Assert.All(TracepointCatalog.All, tracepoint => Assert.Same(tracepoint, TracepointCatalog.Of(tracepoint.Kind)));
    }

    private void Kernel(params string[] tracepoints)
    {
        foreach (var tracepoint in tracepoints)
        {
            Directory.CreateDirectory(Path.Combine(events, tracepoint.Replace(':', '/')));
        }
    }
}
