using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Cdict;

[Trait("Kind", "unit")]
public class CdictBadInputTests
{
    private const string Name = "bad.cdict";

    [Fact]
    public void TheValidBaseCaseLoads()
    {
        var capture = CdictFile.Read(RawCdict.File(RawCdict.Columns(RawCdict.ValidColumns())), Name);

        Assert.Equal(
            [
                new EventRow(EventKind.Switch, 0, 1_500, 10, "a", 1_000, 11, "c", 0),
                new EventRow(EventKind.KvmExit, 1, 2_500, 20, "b", 2_000, EventTable.NoPid, null, 30),
            ],
            CaptureAssert.Rows(capture));
    }

    [Fact]
    public void NotZlib()
    {
        Assert.Equal("bad.cdict: the event stream is not zlib data, so this is not a cdict", Fails("PK\u0003\u0004 a zip file"u8.ToArray()).Message);
        Assert.Equal("bad.cdict: the event stream is not zlib data, so this is not a cdict", Fails([]).Message);
    }

    [Fact]
    public void ZlibButNotMessagePack()
    {
        var error = Fails(RawCdict.Zlib("Time,CPU,Event\n"u8.ToArray()));

        Assert.Equal("bad.cdict (events): expected the event map (a map of columns) at byte 0, found a positive fixint", error.Message);
    }

    [Fact]
    public void TopLevelNotAMap()
    {
        var error = Fails(RawCdict.File(RawCdict.MessagePack(writer => writer.WriteArrayHeader(0))));

        Assert.Equal("bad.cdict (events): expected the event map (a map of columns) at byte 0, found a fixarray", error.Message);
    }

    [Fact]
    public void AColumnThatIsNotAnArray()
    {
        var error = Fails(RawCdict.File(RawCdict.MessagePack(writer =>
        {
            writer.WriteMapHeader(1);
            writer.WriteString("cpu");
            writer.WriteString("0,1");
        })));

        Assert.Equal("bad.cdict (events): expected an array for column 'cpu' at byte 5, found a fixstr", error.Message);
    }

    [Fact]
    public void UnequalColumnLengthsAreAllListed()
    {
        var columns = RawCdict.ValidColumns();
        columns[2] = ("usecs", [1.5]);
        columns[7] = ("next_comm", ["c", 30, null]);

        var error = Fails(RawCdict.File(RawCdict.Columns(columns)));

        Assert.Equal("bad.cdict (events): columns of the event map have unequal lengths: event 2, cpu 2, usecs 1, pid 2, task_name 2, duration 2, next_pid 2, next_comm 3", error.Message);
    }

    [Fact]
    public void MissingColumnsAreNamed()
    {
        var error = Fails(RawCdict.File(RawCdict.Columns(RawCdict.ValidColumns().Take(6))));

        Assert.Equal("bad.cdict (events): the event map lacks columns next_pid, next_comm", error.Message);
    }

    [Fact]
    public void ADuplicatedColumnIsRefused()
    {
        var columns = RawCdict.ValidColumns();
        columns.Add(columns[1]);

        Assert.StartsWith("bad.cdict (events): column 'cpu' appears twice in the event map (byte ", Fails(RawCdict.File(RawCdict.Columns(columns))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("event", "expected an event name in row 1 of column 'event'")]
    [InlineData("cpu", "expected an integer in row 1 of column 'cpu'")]
    [InlineData("usecs", "expected a number of microseconds in row 1 of column 'usecs'")]
    [InlineData("pid", "expected an integer in row 1 of column 'pid'")]
    [InlineData("task_name", "expected a task name in row 1 of column 'task_name'")]
    [InlineData("duration", "expected a number of microseconds in row 1 of column 'duration'")]
    [InlineData("next_pid", "expected an integer in row 1 of column 'next_pid'")]
    [InlineData("next_comm", "expected a task name in row 1 of column 'next_comm'")]
    public void WrongValueTypesNameTheRowAndColumn(string column, string expected)
    {
        var columns = RawCdict.ValidColumns();
        var index = columns.FindIndex(entry => string.Equals(entry.Name, column, StringComparison.Ordinal));
        columns[index] = (column, [columns[index].Values[0], true]);

        var error = Fails(RawCdict.File(RawCdict.Columns(columns)));

        Assert.StartsWith($"bad.cdict (events): {expected} at byte ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(", found true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NextCommMustSuitTheRowKind()
    {
        var columns = RawCdict.ValidColumns();
        columns[7] = ("next_comm", [5, 30]);
        Assert.Equal("bad.cdict (events): row 0 of column 'next_comm' holds an integer, which only kvm_exit rows may (this is a sched__sched_switch row)", Fails(RawCdict.File(RawCdict.Columns(columns))).Message);

        columns[7] = ("next_comm", ["c", "d"]);
        Assert.Equal("bad.cdict (events): row 1 of column 'next_comm' holds a task name, which only sched_switch rows may (this is a kvm_exit row)", Fails(RawCdict.File(RawCdict.Columns(columns))).Message);
    }

    [Theory]
    [InlineData("cpu", 1L << 40, "cpu 1099511627776 in row 1 does not fit in 32 bits")]
    [InlineData("next_pid", -(1L << 40), "next_pid -1099511627776 in row 1 does not fit in 32 bits")]
    [InlineData("next_comm", -1L, "exit reason -1 in row 1 does not fit in 32 bits")]
    [InlineData("next_comm", 1L << 32, "exit reason 4294967296 in row 1 does not fit in 32 bits")]
    [InlineData("usecs", long.MaxValue, "usecs 9.223372036854776E+18 µs in row 1 is out of range")]
    [InlineData("duration", double.NaN, "duration NaN µs in row 1 is out of range")]
    [InlineData("usecs", double.PositiveInfinity, "usecs Infinity µs in row 1 is out of range")]
    public void OutOfRangeValuesAreRefused(string column, object value, string expected)
    {
        var columns = RawCdict.ValidColumns();
        var index = columns.FindIndex(entry => string.Equals(entry.Name, column, StringComparison.Ordinal));
        columns[index] = (column, [columns[index].Values[0], value]);

        var error = Fails(RawCdict.File(RawCdict.Columns(columns)));

        Assert.StartsWith($"bad.cdict (events): {expected} (byte ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedZlibStreamIsRefused()
    {
        var file = RawCdict.File(RawCdict.Columns(RawCdict.ValidColumns()));

        foreach (var length in new[] { 2, 10, file.Length / 2, file.Length - 4, file.Length - 1 })
        {
            Assert.StartsWith("bad.cdict", Fails(file[..length]).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ACdictCutAnywhereIsRefused()
    {
        using var stream = new MemoryStream();
        CdictFile.Write(stream, SampleCaptures.AllKinds());
        var file = stream.ToArray();

        var eventStreamLength = file.Length - 16 - BitConverter.ToInt32(file, file.Length - 16);

        for (var length = 0; length < file.Length; length++)
        {
            if (length != eventStreamLength)
            {
                Assert.StartsWith("bad.cdict", Fails(file[..length]).Message, StringComparison.Ordinal);
            }
        }

        // Cut right after the event stream, it is an original cdict.
        var original = CdictFile.Read(file[..eventStreamLength], Name);
        Assert.Equal(0, original.Info.FormatVersion);
        Assert.False(original.Events.HasPrevState);
        Assert.Equal(CaptureAssert.Rows(SampleCaptures.AllKinds()), CaptureAssert.Rows(original));
    }

    [Fact]
    public void AnOriginalCdictWithDataAfterItsStreamIsRefused()
    {
        var file = RawCdict.File(RawCdict.Columns(RawCdict.ValidColumns()));

        Assert.Equal("bad.cdict: the event stream is cut short or followed by unknown data", Fails([.. file, 0, 0, 0, 0]).Message);
        Assert.Equal("bad.cdict: the event stream is cut short or followed by unknown data", Fails(file[..^1]).Message);
    }

    [Fact]
    public void AnEventStreamOfAnotherSizeThanAnnouncedIsRefused()
    {
        var events = RawCdict.Columns(RawCdict.ValidColumns());

        var shorter = Fails(RawCdict.File(events, ExtensionAnnouncing(events.Length + 1)));
        var longer = Fails(RawCdict.File([.. events, 0xc0], ExtensionAnnouncing(events.Length)));
        var impossible = Fails(RawCdict.File(events, ExtensionAnnouncing(1L << 40)));

        Assert.Equal($"bad.cdict: the event stream inflates to {events.Length} bytes where the extension announces {events.Length + 1}", shorter.Message);
        Assert.Equal($"bad.cdict: the event stream inflates to more than the {events.Length} bytes the extension announces", longer.Message);
        Assert.StartsWith("bad.cdict: the extension announces 1099511627776 bytes for an event stream that cannot inflate to more than ", impossible.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadChecksumIsFoundWhileDecoding()
    {
        using var stream = new MemoryStream();
        CdictFile.Write(stream, SampleCaptures.AllKinds());
        var file = stream.ToArray();
        var eventStreamLength = file.Length - 16 - BitConverter.ToInt32(file, file.Length - 16);
        file[eventStreamLength - 1] ^= 0x55;

        Assert.Equal("bad.cdict: the event stream is corrupt zlib data", Fails(file).Message);
    }

    [Fact]
    public void TruncatedMessagePackInsideValidZlibIsRefused()
    {
        var events = RawCdict.Columns(RawCdict.ValidColumns());

        var error = Fails(RawCdict.File(events[..^2]));

        // Decoding runs while a worker inflates: the count check catches the lie when the stream's end
        // has already arrived, else the first value read past it does. Either is one line with the stream.
        Assert.Matches(@"^bad\.cdict \(events\): (array of 2 elements cannot fit in the 1 bytes left|fixstr needs 2 bytes but the data ends after )", error.Message);
    }

    [Fact]
    public void CorruptZlibDataIsRefused()
    {
        var file = RawCdict.File(RawCdict.Columns(RawCdict.ValidColumns()));
        file[^3] ^= 0xff;

        Assert.Equal("bad.cdict: the event stream is corrupt zlib data", Fails(file).Message);
    }

    [Fact]
    public void AFooterPointingOutsideTheFileIsRefused()
    {
        var file = RawCdict.File(RawCdict.Columns(RawCdict.ValidColumns()), RawCdict.Extension(1));
        BitConverter.TryWriteBytes(file.AsSpan(file.Length - 16), 1L << 40);

        var error = Fails(file);

        Assert.Equal($"bad.cdict: the footer gives the extension stream 1099511627776 bytes but only {file.Length - 16} precede the footer", error.Message);
    }

    [Fact]
    public void AnExtensionFromANewerPerfwhizIsRefused()
    {
        var error = Fails(RawCdict.File(RawCdict.Columns(RawCdict.ValidColumns()), RawCdict.Extension(2)));

        Assert.StartsWith("bad.cdict (extension): extension format version 2 is not one this perfwhiz reads (1 to 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExtensionWithoutVersionIsRefused()
    {
        var extension = RawCdict.MessagePack(writer => writer.WriteMapHeader(0));

        var error = Fails(RawCdict.File(RawCdict.Columns(RawCdict.ValidColumns()), extension));

        Assert.Equal("bad.cdict (extension): the extension map lacks 'format_version'", error.Message);
    }

    [Fact]
    public void UnknownKeysAreSkipped()
    {
        var columns = RawCdict.ValidColumns();
        columns.Insert(3, ("cgroup", [new byte[] { 1 }, null]));

        var capture = CdictFile.Read(RawCdict.File(RawCdict.Columns(columns), RawCdict.Extension(1)), Name);

        Assert.Equal(2, capture.Events.Count);
        Assert.Equal(1, capture.Info.FormatVersion);
    }

    [Fact]
    public void DataAfterTheMapIsRefused()
    {
        var events = RawCdict.Columns(RawCdict.ValidColumns());

        var error = Fails(RawCdict.File([.. events, 0xc0]));

        Assert.Equal($"bad.cdict (events): unexpected data after the map (byte {events.Length})", error.Message);
    }

    [Fact]
    public void RowsWithUnknownEventNamesAreSkippedWithAWarning()
    {
        var columns = RawCdict.ValidColumns()
            .Select(column => (column.Name, Values: (object?[])[column.Values[0], column.Values[1], column.Values[1], column.Values[0]]))
            .ToList();
        columns[0] = ("event", ["sched__sched_wakeup", "kvm_exit", "sched__sched_wakeup", "sched__sched_migrate\ntask"]);

        var capture = CdictFile.Read(RawCdict.File(RawCdict.Columns(columns)), Name);

        Assert.Equal([new EventRow(EventKind.KvmExit, 1, 2_500, 20, "b", 2_000, EventTable.NoPid, null, 30)], CaptureAssert.Rows(capture));
        Assert.Equal("skipped 3 rows with unknown event names (sched__sched_wakeup, sched__sched_migrate?task)", Assert.Single(capture.Info.Warnings));
    }

    [Fact]
    public void PrevStatesMustMatchTheRows()
    {
        var error = Fails(RawCdict.File(RawCdict.Columns(RawCdict.ValidColumns()), ExtensionWithPrevStates([1, 2, 3])));

        Assert.Equal("bad.cdict (events): the extension holds 3 prev_state values for 2 rows", error.Message);
    }

    [Fact]
    public void SkippedRowsTakeTheirPrevStateWithThem()
    {
        var columns = RawCdict.ValidColumns()
            .Select(column => (column.Name, Values: (object?[])[column.Values[1], column.Values[0], column.Values[1]]))
            .ToList();
        columns[0] = ("event", ["sched__sched_wakeup", "sched__sched_switch", "sched__sched_wakeup"]);

        var capture = CdictFile.Read(RawCdict.File(RawCdict.Columns(columns), ExtensionWithPrevStates([7, 0x100, 9])), Name);

        Assert.Equal([new EventRow(EventKind.Switch, 0, 1_500, 10, "a", 1_000, 11, "c", 0)], CaptureAssert.Rows(capture));
        Assert.True(capture.Events.HasPrevState);
        Assert.Equal(0x100, capture.Events.PrevState[0]);
    }

    [Fact]
    public void AnExtensionArrayLongerThanItsStreamIsRefused()
    {
        // The extension's inflated length is not announced: the lie shows only at the stream's end.
        var extension = RawCdict.MessagePack(writer =>
        {
            writer.WriteMapHeader(2);
            writer.WriteString("format_version");
            writer.WriteInt64(1);
            writer.WriteString("event_prev_state");
            writer.WriteArrayHeader(1_000_000);
            writer.WriteInt64(0);
            writer.WriteInt64(0);
        });

        var error = Fails(RawCdict.File(RawCdict.Columns(RawCdict.ValidColumns()), extension));

        // The bytes left are counted from what has been inflated so far: an upper bound until the
        // inflater reaches the end, so their number depends on how far it got.
        Assert.Matches(@"^bad\.cdict \(extension\): array of 1000000 elements cannot fit in the \d+ bytes left \(byte 34\)$", error.Message);
    }

    private static byte[] ExtensionWithPrevStates(int[] prevStates) => RawCdict.MessagePack(writer =>
    {
        writer.WriteMapHeader(2);
        writer.WriteString("format_version");
        writer.WriteInt64(1);
        writer.WriteString("event_prev_state");
        writer.WriteArrayHeader(prevStates.Length);
        foreach (var prevState in prevStates)
        {
            writer.WriteInt64(prevState);
        }
    });

    private static byte[] ExtensionAnnouncing(long eventStreamBytes) => RawCdict.MessagePack(writer =>
    {
        writer.WriteMapHeader(2);
        writer.WriteString("format_version");
        writer.WriteInt64(1);
        writer.WriteString("column_stream_bytes");
        writer.WriteInt64(eventStreamBytes);
    });

    private static CdictFormatException Fails(byte[] data)
    {
        var error = Assert.Throws<CdictFormatException>(() => CdictFile.Read(data, Name));
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }
}
