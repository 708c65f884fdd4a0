using Perfwhiz.Captures.Table;
using Perfwhiz.Conversion;
using Perfwhiz.Perf;
using Perfwhiz.Perf.Tracepoints;

namespace Perfwhiz.Tests.Perf;

/// <summary>
/// A capture whose perf was killed (data size 0, no feature sections, no formats): read up to its end
/// with formats borrowed from tracefs, which is right only on the machine and boot that recorded it.
/// </summary>
[Trait("Kind", "unit")]
public sealed class KilledCaptureTests
{
    private static readonly string Killed = Fixtures.PerfData("killed");

    [Fact]
    public void KilledCaptureIsReadToItsEndOrRefusedWithTheReason()
    {
        if (!ThisBootKnowsItsTracepoints())
        {
            var error = Assert.Throws<PerfDataException>(() => PerfConversion.Convert(Killed));
            Assert.Contains("no tracepoint formats", error.Message, StringComparison.Ordinal);
            Console.WriteLine("[killed capture] this boot's tracefs does not match the capture's ids: checked the refusal only");
            return;
        }

        var capture = PerfConversion.Convert(Killed);
        var script = PerfScriptText.FromGzipFile(Killed + ".perf-script.txt.gz");
        Assert.Contains(capture.Info.Warnings, warning => warning.Contains("data size is 0", StringComparison.Ordinal));
        Assert.Contains(capture.Info.Warnings, warning => warning.Contains("tracefs", StringComparison.Ordinal));
        var switches = Enumerable.Range(0, capture.Events.Count).Count(row => capture.Events.Kind[row] == EventKind.Switch);
        var firstSwitchDrops = capture.Info.DroppedPerEvent.Where(pair => pair.Key.StartsWith("sched:sched_switch", StringComparison.Ordinal)).Sum(pair => pair.Value);
        Assert.Equal(script.Of("sched:sched_switch").Count(), switches + firstSwitchDrops);
        Assert.Equal(script.Of("sched:sched_wakeup").Count(), Enumerable.Range(0, capture.Wakeups.Count).Count(row => capture.Wakeups.Kind[row] == WakeupKind.Wakeup));
    }

    /// <summary>Whether this boot numbers sched_switch as the recording boot did (tracepoint ids are per boot).</summary>
    internal static bool ThisBootKnowsItsTracepoints() =>
        LocalTracefs.TryReadFormat("sched", "/sys/kernel/tracing/events/sched/sched_switch/format")?.Id == RecordingBootSwitchId;

    // sched_switch's attr config in killed.perf.data (the recording boot's tracepoint id).
    private const int RecordingBootSwitchId = 372;
}
