using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Cdict;

/// <summary>Compares captures by content: task names as text, since indices depend on interning order.</summary>
internal static class CaptureAssert
{
    public static void EventsEqual(Capture expected, Capture actual)
    {
        Assert.Equal(expected.Events.Count, actual.Events.Count);
        Assert.Equal(Rows(expected), Rows(actual));
        Assert.Equal(expected.Events.HasPrevState, actual.Events.HasPrevState);
        if (expected.Events.HasPrevState)
        {
            Assert.Equal(expected.Events.PrevState.AsSpan(0, expected.Events.Count), actual.Events.PrevState.AsSpan(0, actual.Events.Count));
        }
    }

    /// <summary>The capture's cdict and the one written the old way (no early columns) inflate to the same two streams.</summary>
    public static void SameInflatedBytesAsWithoutEarlyColumns(Capture early)
    {
        var plain = new Capture(early.Events, early.Wakeups, early.Info);
        var (earlyEvents, earlyExtension) = RawCdict.Split(Write(early));
        var (plainEvents, plainExtension) = RawCdict.Split(Write(plain));

        Assert.Equal(plainEvents, earlyEvents);
        Assert.Equal(plainExtension, earlyExtension);
    }

    public static void WakeupsEqual(Capture expected, Capture actual)
    {
        Assert.Equal(WakeupRows(expected), WakeupRows(actual));
    }

    /// <summary>Every CaptureInfo member but the format version, which depends on who wrote the file.</summary>
    public static void InfoEqual(CaptureInfo expected, CaptureInfo actual)
    {
        Assert.Equal(expected.Host, actual.Host);
        Assert.Equal(expected.Kernel, actual.Kernel);
        Assert.Equal(expected.PerfVersion, actual.PerfVersion);
        Assert.Equal(expected.Arch, actual.Arch);
        Assert.Equal(expected.CpuCount, actual.CpuCount);
        Assert.Equal(expected.FirstEventPerfClockNs, actual.FirstEventPerfClockNs);
        Assert.Equal(expected.DurationNs, actual.DurationNs);
        Assert.Equal(expected.KeptPerEvent, actual.KeptPerEvent);
        Assert.Equal(expected.DroppedPerEvent, actual.DroppedPerEvent);
        Assert.Equal(expected.LostEvents, actual.LostEvents);
        Assert.Equal(expected.LostRanges, actual.LostRanges);
        Assert.Equal(expected.Warnings, actual.Warnings);
        Assert.Equal(expected.AnnotationSource, actual.AnnotationSource);
        Assert.Equal(expected.ExitReasonNames, actual.ExitReasonNames);
    }

    public static List<EventRow> Rows(Capture capture)
    {
        var table = capture.Events;
        return [.. Enumerable.Range(0, table.Count).Select(row => new EventRow(
            table.Kind[row],
            table.Cpu[row],
            table.TimeNs[row],
            table.Pid[row],
            Name(capture, table.Task[row]),
            table.DurationNs[row],
            table.NextPid[row],
            Name(capture, table.NextTask[row]),
            table.ExitReason[row]))];
    }

    private static List<(WakeupKind Kind, long TimeNs, int Cpu, int Pid, string? Task, int TargetCpu)> WakeupRows(Capture capture)
    {
        var table = capture.Wakeups;
        return [.. Enumerable.Range(0, table.Count).Select(row => (table.Kind[row], table.TimeNs[row], table.Cpu[row], table.Pid[row], Name(capture, table.Task[row]), table.TargetCpu[row]))];
    }

    private static string? Name(Capture capture, int task) => task == EventTable.NoTask ? null : capture.Names[task];

    private static byte[] Write(Capture capture)
    {
        using var file = new MemoryStream();
        CdictFile.Write(file, capture);
        return file.ToArray();
    }
}
