using Perfwhiz.Analyses;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Perfmap;

namespace Perfwhiz.Tests.Cli;

/// <summary>What perfmap's commands load of their captures: the wakeups' CPUs, and the waits' wakeup rows, only where something reads them.</summary>
[Trait("Kind", "unit")]
public sealed class RunNeedsTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, false)]
    public async Task TheWakeupCpusAreKeptForTheHeatMapsAndTheExportsOnly(bool heatmaps, bool list, bool kept)
    {
        var cdict = folder.File("run.cdict");
        CdictFile.Write(cdict, SampleCaptures.AllKinds());
        var options = new PerfmapOptions([cdict], ".*", CapMs: null, FromMs: null, Label: null, MapCsv: null, OutputDir: null, heatmaps, Headless: true,
            MergeSystemTasks: false, AppendTid: false, List: list, SuccessorsOf: null, Json: null);
        var needs = list ? RunNeeds.TaskKeys : RunNeeds.Dashboard(heatmaps);

        var run = RunLoader.Load(options, TextWriter.Null, needs, CancellationToken.None)[0];
        var exported = RunLoader.Load(options, TextWriter.Null, RunNeeds.Export, CancellationToken.None)[0];

        var wakeups = run.Capture.Wakeups.Count;
        Assert.NotEqual(0, wakeups);
        Assert.Equal(kept, run.Capture.Wakeups.HasCpus);
        Assert.Equal(kept ? exported.Capture.Wakeups.Cpu.Take(wakeups) : [], run.Capture.Wakeups.Cpu.Take(wakeups));
        Assert.Equal(needs.Waits, run.MeasuringWaits is not null);
        Assert.True(exported.Capture.Wakeups.HasCpus);
        Assert.Null(exported.MeasuringWaits);
        if (run.MeasuringWaits is { } measuring)
        {
            var everyTask = Enumerable.Repeat(true, run.Keys.Count).ToArray();
            var waits = (await measuring).ForTasks(run.Keys, everyTask);
            var whole = ThreadWaits.Measure(exported.Capture, exported.Window).ForTasks(exported.Keys, everyTask);
            Assert.NotEqual(0, waits.Count);
            Assert.Equal(whole.Delays, waits.Delays);
            Assert.Equal(whole.SwitchRows, waits.SwitchRows);
            Assert.Equal(kept ? whole.WakeupRows : [], waits.WakeupRows);
        }
    }
}
