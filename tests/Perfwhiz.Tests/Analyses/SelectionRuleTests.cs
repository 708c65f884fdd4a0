using Perfwhiz.Analyses.Selection;
using Perfwhiz.Perfmap;

namespace Perfwhiz.Tests.Analyses;

/// <summary>The selection rules of perfmap's command line, each from the examples in the original's docs.</summary>
[Trait("Kind", "unit")]
public sealed class SelectionRuleTests
{
    [Fact]
    public void LeadingStarReadsAsDotStarAndMatchingIsAnchoredAtTheStart()
    {
        var filter = TaskFilter.Parse("*vcpu0");

        Assert.Equal(".*vcpu0", filter.Text);
        Assert.True(filter.Matches("router.01.vcpu0"));
        Assert.True(TaskFilter.Parse("router").Matches("router.01.vcpu0"));
        Assert.False(TaskFilter.Parse("vcpu0").Matches("router.01.vcpu0"));
        Assert.Null(filter.Tid);
        Assert.Equal(2834, TaskFilter.Parse("2834").Tid);
    }

    [Fact]
    public void CatastrophicRegexAnswersAtOnce()
    {
        // (a+)+$ backtracks exponentially on a long run of a's that does not end the name.
        var name = new string('a', 50_000) + "b";

        Assert.False(TaskFilter.Parse("(a+)+$").Matches(name));
    }

    [Fact]
    public void RegexTheLinearEngineCannotRunIsCutOffWithAClearMessage()
    {
        // A backreference needs the backtracking engine: it runs under a timeout.
        var name = new string('a', 30) + "!";
        var filter = TaskFilter.Parse(@"((a+)+)\1$");

        var error = Assert.Throws<PerfwhizException>(() => filter.Matches(name));
        Assert.Contains("takes too long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidRegexIsOneClearError()
    {
        var error = Assert.Throws<PerfwhizException>(() => TaskFilter.Parse("router[("));
        Assert.StartsWith("invalid task regex 'router[('", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowDefaultsToTheShortestCaptureAndScalesShortOnesUnderACap()
    {
        long[] ends = [1_000_000_000, 500_000_000];

        var defaults = AnalysisWindow.For(ends, fromMs: null, capMs: null);
        Assert.All(defaults, window => Assert.Equal((0L, 500_000_000L, 1.0), (window.FromNs, window.ToNs, window.Multiplier)));

        var capped = AnalysisWindow.For(ends, fromMs: 100, capMs: 800);
        Assert.Equal((100_000_000L, 900_000_000L, 1.0), (capped[0].FromNs, capped[0].ToNs, capped[0].Multiplier));
        Assert.Equal(800.0 / 400.0, capped[1].Multiplier);
    }

    [Fact]
    public void FromBeyondTheShortestCaptureIsAnError()
    {
        var error = Assert.Throws<PerfwhizException>(() => AnalysisWindow.For([1_000_000_000, 500_000_000], fromMs: 600, capMs: null));
        Assert.Contains("beyond the end of the shortest capture (500 msec)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShortNamesDropTheCommonHeadAndTailButCutNoWordOrNumber()
    {
        Assert.Equal(["h1x216", "h5x113"], ShortNames.Of(["../../haswell/h1x216.cdict", "../../haswell/h5x113.cdict"]));
        Assert.Equal(["01x218", "02x208"], ShortNames.Of(["01x218.cdict", "02x208.cdict"]));
        Assert.Equal(["a", "b"], ShortNames.Of(["runs/a/perf.cdict", "runs/b/perf.cdict"]));
        Assert.Equal(["perf"], ShortNames.Of(["../x/perf.cdict"]));
    }

    [Fact]
    public void OutputFileNamesFollowTheOriginal()
    {
        string[] one = ["../../haswell/h1x216.cdict"];
        string[] two = ["../../haswell/h1x216.cdict", "../../haswell/h5x113.cdict"];

        Assert.Equal("../../haswell/h1x216-charts_vcpu0.html", OutputNames.For(one, null, null, "charts", ".*vcpu0"));
        Assert.Equal("../../haswell/h1x216-heatmaps_router.html", OutputNames.For(one, null, null, "heatmaps", "router"));
        Assert.Equal("out/h1x216-diff-charts_vcpu0.html", OutputNames.For(two, null, "out", "charts", ".*vcpu0"));
        Assert.Equal("out/my-run-charts.html", OutputNames.For(two, "my run", "out", "charts", ".*vcpu0"));
        Assert.Equal("h1x216-charts_CPU 0_KVM.html", Path.GetFileName(OutputNames.For(one, null, null, "charts", "CPU 0/KVM")));
    }

    [Fact]
    public void MergeAndAppendTidNameTasksAsTheOriginal()
    {
        Assert.Equal("swapper", new TaskNaming(MergeSystemTasks: true).Apply("swapper/1", 0));
        Assert.Equal("kworker", new TaskNaming(MergeSystemTasks: true).Apply("kworker/0:2-events", 77));
        Assert.Equal("CPU 0/KVM", new TaskNaming(MergeSystemTasks: true).Apply("CPU 0/KVM", 4330));
        Assert.Equal("perf:2834", new TaskNaming(AppendTid: true).Apply("perf", 2834));
    }
}
