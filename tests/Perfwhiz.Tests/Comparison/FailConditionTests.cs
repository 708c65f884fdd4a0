using Perfwhiz.Analyses.Comparison;

namespace Perfwhiz.Tests.Comparison;

/// <summary>The --fail-if grammar: which rows a condition fails, and the mistakes it refuses.</summary>
[Trait("Kind", "unit")]
public sealed class FailConditionTests
{
    [Theory]
    [InlineData("wakeup.p99 > +20%", "router.01.vcpu0", "wakeup.p99", 25.0, 1e6, Verdict.Worse, true)]
    [InlineData("wakeup.p99 > +20%", "router.01.vcpu0", "wakeup.p99", 15.0, 1e6, Verdict.Worse, false)]
    [InlineData("wakeup.p99 > +20%", "router.01.vcpu0", "wakeup.p99", 25.0, 1e6, Verdict.Same, false)] // past the threshold but noise
    [InlineData("wakeup.p99 > +20%", "router.01.vcpu0", "wakeup.p95", 25.0, 1e6, Verdict.Worse, false)]
    [InlineData("router.*:runtime < -10%", "router.01.vcpu0", "runtime", -12.0, -2.0, Verdict.Worse, true)]
    [InlineData("router.*:runtime < -10%", "firewall.01.vcpu0", "runtime", -12.0, -2.0, Verdict.Worse, false)]
    [InlineData("wakeup.p95 > +2ms", "router.01.vcpu0", "wakeup.p95", 5.0, 2.5e6, Verdict.Worse, true)]
    [InlineData("wakeup.p95 > 2500us", "router.01.vcpu0", "wakeup.p95", 50.0, 2.4e6, Verdict.Worse, false)]
    [InlineData("switches > +100/s", "router.01.vcpu0", "switches", 30.0, 150, Verdict.Worse, true)]
    [InlineData("runtime < -3pp", "router.01.vcpu0", "runtime", -30.0, -4, Verdict.Worse, true)]
    [InlineData("perf:28.*:runtime < -10%", "perf:2834", "runtime", -50.0, -4, Verdict.Worse, true)]
    public void FailsWorseRowsPastTheThreshold(string text, string task, string metric, double percent, double difference, Verdict verdict, bool fails)
    {
        var kind = (MetricKind)Metric.FixedNames.ToList().IndexOf(metric);
        var change = new MetricChange(task, new Metric(kind), 100, 100 + difference, difference, 0, 0, percent, 0, 0, verdict);

        Assert.Equal(fails, FailCondition.Parse(text).FailedBy(change));
    }

    [Fact]
    public void AnExitReasonIsNamedAfterKvmExit()
    {
        var change = new MetricChange("vm.vcpu0", new Metric(MetricKind.KvmExit, 12, "HLT"), 10, 20, 10, 5, 15, 100, 50, 150, Verdict.Worse);

        Assert.True(FailCondition.Parse("kvm.exit.HLT > +50%").FailedBy(change));
        Assert.False(FailCondition.Parse("kvm.exit.MSR_READ > +50%").FailedBy(change));
    }

    [Theory]
    [InlineData("wakeup.p99 >> 20%", "expected [TASK_RE:]METRIC")]
    [InlineData("wakeup.p99 > 20", "expected [TASK_RE:]METRIC")]
    [InlineData("latency > +20%", "unknown metric 'latency'")]
    [InlineData("runtime > +2ms", "runtime takes % or pp")]
    [InlineData("wakeup.p95 > +5/s", "wakeup.p95 takes % or ns, us, ms or s")]
    [InlineData("([:runtime < -10%", "invalid --fail-if task regex")]
    public void RefusesWhatItCannotRead(string text, string message)
    {
        var error = Assert.Throws<PerfwhizException>(() => FailCondition.Parse(text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
