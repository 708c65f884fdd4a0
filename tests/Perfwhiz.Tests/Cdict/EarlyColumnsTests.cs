using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Cdict;

/// <summary>
/// Columns deflated while a capture is assembled (<see cref="EarlyColumnDeflater"/>) and joined into
/// the cdict as they are must inflate to exactly the bytes of the cdict written without them.
/// </summary>
[Trait("Kind", "unit")]
public class EarlyColumnsTests
{
    // Perf's clock at the first row: times are assembled on it, then shifted to the first row.
    private const long PerfClockOrigin = 1_000_000_000_000;

    private static readonly EarlyColumn[] TimeColumns = [EarlyColumn.EventUsecs, EarlyColumn.WakeupTime];

    [Theory]
    [InlineData(0, 0, 4)]
    [InlineData(5, 3, 8)] // fewer rows than a run: nothing early
    [InlineData(8, 16, 8)] // whole runs only
    [InlineData(1_000, 2_500, 64)] // many runs and a tail
    [InlineData(700, 9, 1)] // a run per row
    public void ACdictWithEarlyColumnsInflatesToTheBytesOfOneWrittenWithout(int eventRows, int wakeupRows, int rowsPerRun)
    {
        var early = Assemble(eventRows, wakeupRows, rowsPerRun, lateRowTime: null);

        foreach (var column in Enum.GetValues<EarlyColumn>())
        {
            var rows = column >= EarlyColumn.WakeupKind ? wakeupRows : eventRows;
            Assert.Equal(rows / rowsPerRun * rowsPerRun, EarlyColumns.Of(early.EarlyColumns, column).Rows);
        }

        CaptureAssert.SameInflatedBytesAsWithoutEarlyColumns(early);
    }

    [Fact]
    public void FewerRowsThanARunDeflateNothingEarly()
    {
        Assert.Null(Assemble(eventRows: 5, wakeupRows: 3, rowsPerRun: 8, lateRowTime: null).EarlyColumns);
    }

    [Fact]
    public void ALateRowBeforeTheFirstLeavesTheTimeColumnsToTheWrite()
    {
        // The origin the early times were written with is no longer the capture's: only the time
        // columns fall back, the others stay early.
        var early = Assemble(eventRows: 300, wakeupRows: 200, rowsPerRun: 16, lateRowTime: PerfClockOrigin - 5_000);

        Assert.All(TimeColumns, column => Assert.Equal(0, EarlyColumns.Of(early.EarlyColumns, column).Rows));
        Assert.Equal(288, EarlyColumns.Of(early.EarlyColumns, EarlyColumn.EventCpu).Rows);
        Assert.Equal(192, EarlyColumns.Of(early.EarlyColumns, EarlyColumn.WakeupCpu).Rows);
        Assert.Equal(-5_000, early.Info.FirstEventPerfClockNs - PerfClockOrigin);
        CaptureAssert.SameInflatedBytesAsWithoutEarlyColumns(early);
    }

    [Fact]
    public void ALateRowAfterTheFirstKeepsTheTimeColumnsEarly()
    {
        var early = Assemble(eventRows: 300, wakeupRows: 200, rowsPerRun: 16, lateRowTime: PerfClockOrigin + 5_000);

        Assert.All(TimeColumns, column => Assert.True(EarlyColumns.Of(early.EarlyColumns, column).Rows > 0));
        CaptureAssert.SameInflatedBytesAsWithoutEarlyColumns(early);
    }

    [Fact]
    public void EarlyColumnsReadBackAsTheCapture()
    {
        var early = Assemble(eventRows: 1_000, wakeupRows: 500, rowsPerRun: 32, lateRowTime: null);
        using var file = new MemoryStream();
        CdictFile.Write(file, early);

        var read = CdictFile.Read(file.ToArray(), "early.cdict");

        CaptureAssert.EventsEqual(early, read);
        CaptureAssert.WakeupsEqual(early, read);
    }

    [Fact]
    public void MoreRowsDeflatedEarlyThanTheTableHoldsAreRefused()
    {
        var early = Assemble(eventRows: 64, wakeupRows: 0, rowsPerRun: 16, lateRowTime: null);
        var truncated = new EventTable(early.Names);
        truncated.EnsureCapacity(1);
        truncated.CopyRow(0, 0);
        truncated.SetCount(0);
        var mismatched = new Capture(truncated, early.Wakeups, early.Info) { EarlyColumns = early.EarlyColumns };

        Assert.Throws<InvalidOperationException>(() => CdictFile.Write(new MemoryStream(), mismatched));
    }

    /// <summary>
    /// Adds the rows of <see cref="SampleCaptures.AllKinds"/>, repeated, as the conversion does (perf
    /// clock times, a run deflated after each row when one is whole, a late row among them when asked), then
    /// finishes as CaptureAssembler does: early columns first, then times shifted to the origin.
    /// </summary>
    internal static Capture Assemble(int eventRows, int wakeupRows, int rowsPerRun, long? lateRowTime)
    {
        var sample = SampleCaptures.AllKinds();
        var (sourceEvents, sourceWakeups) = (sample.Events, sample.Wakeups);
        var events = new EventTable(sample.Names);
        var wakeups = new WakeupTable();
        using var deflater = new EarlyColumnDeflater(events, wakeups, rowsPerRun);
        var firstRowTime = long.MaxValue;
        const long Period = 10_000_000_000; // as SampleCaptures.Repeated: times stay below the days float64 µs keep exact
        for (var row = 0; row < Math.Max(eventRows, wakeupRows); row++)
        {
            if (row < eventRows)
            {
                var from = row % sourceEvents.Count;
                var time = row == eventRows / 2 && lateRowTime is { } late ? late : PerfClockOrigin + sourceEvents.TimeNs[from] + (row / sourceEvents.Count * Period);
                firstRowTime = Math.Min(firstRowTime, time);
                events.Add(sourceEvents.Kind[from], sourceEvents.Cpu[from], time, sourceEvents.Pid[from], sourceEvents.Task[from], sourceEvents.DurationNs[from], sourceEvents.NextPid[from], sourceEvents.NextTask[from], sourceEvents.ExitReason[from], sourceEvents.PrevState[from]);
                deflater.TryDeflateRun(firstRowTime);
            }

            if (row < wakeupRows)
            {
                var from = row % sourceWakeups.Count;
                var time = PerfClockOrigin + sourceWakeups.TimeNs[from] + (row / sourceWakeups.Count * Period);
                firstRowTime = Math.Min(firstRowTime, time);
                wakeups.Add(sourceWakeups.Kind[from], time, sourceWakeups.Cpu[from], sourceWakeups.Pid[from], sourceWakeups.Task[from], sourceWakeups.TargetCpu[from]);
                deflater.TryDeflateRun(firstRowTime);
            }
        }

        while (deflater.TryDeflateRun(firstRowTime))
        {
            // every whole run, as an assembly thread left time for
        }

        var origin = firstRowTime == long.MaxValue ? 0 : firstRowTime;
        var early = deflater.Finish(origin);
        Shift(events.TimeNs.AsSpan(0, events.Count), origin);
        Shift(wakeups.TimeNs.AsSpan(0, wakeups.Count), origin);
        var info = new CaptureInfo { FirstEventPerfClockNs = origin, DurationNs = 1 };
        return new Capture(events, wakeups, info) { EarlyColumns = early };
    }

    private static void Shift(Span<long> times, long origin)
    {
        foreach (ref var time in times)
        {
            time -= origin;
        }
    }
}
