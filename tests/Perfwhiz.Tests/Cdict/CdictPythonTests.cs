using System.Text.Json;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Tests.Cdict;

/// <summary>A cdict perfwhiz writes must load in the original perfwhiz's reader: msgpack.unpackb(zlib.decompress(data)).</summary>
[Trait("Kind", "process")]
public class CdictPythonTests
{
    private const string LoadLikeTheOriginal = """
        import json, sys, zlib
        import msgpack
        with open(sys.argv[1], 'rb') as f:
            d = msgpack.unpackb(zlib.decompress(f.read()))
        print(json.dumps({'lengths': {k: len(v) for k, v in d.items()}, 'columns': d}, separators=(',', ':')))
        """;

    private readonly ITestOutputHelper output;

    public CdictPythonTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    [Fact]
    public void TheOriginalReaderSeesExactlyTheEightColumns()
    {
        if (SystemPython.WhyUnavailable() is { } reason)
        {
            Assert.Skip(reason);
            return;
        }

        using var directory = new TemporaryDirectory();
        var path = directory.File("run.cdict");
        CdictFile.Write(path, SampleCaptures.AllKinds());

        var (exitCode, json, error) = SystemPython.Run(LoadLikeTheOriginal, path);

        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(json);
        var lengths = document.RootElement.GetProperty("lengths");
        Assert.Equal(
            "cpu duration event next_comm next_pid pid task_name usecs",
            string.Join(' ', lengths.EnumerateObject().Select(column => column.Name).Order(StringComparer.Ordinal)));
        Assert.All(lengths.EnumerateObject(), column => Assert.Equal(9, column.Value.GetInt32()));

        var columns = document.RootElement.GetProperty("columns");
        Assert.Equal(
            ["sched__sched_switch", "sched__sched_stat_sleep", "sched__sched_stat_iowait", "kvm_exit", "kvm_entry", "kvm_exit", "sched__sched_switch", "sched__sched_switch", "sched__sched_switch"],
            Strings(columns.GetProperty("event")));
        Assert.Equal(["qemu-kvm", SampleCaptures.HostileName, SampleCaptures.UnicodeName, "CPU 0/KVM", "CPU 0/KVM", "CPU 0/KVM", SampleCaptures.NewlineName, SampleCaptures.UnicodeName, null], Strings(columns.GetProperty("task_name")));
        Assert.Equal([0.0, 1000.001, 2000.002, 3000.003, 3012.348, 3020.0, 4000.0, 86_400_000_000.123, 86_400_000_000.124], columns.GetProperty("usecs").EnumerateArray().Select(value => value.GetDouble()));
        Assert.Equal(1500.123, columns.GetProperty("duration")[0].GetDouble());
        Assert.Equal("[0,0,0,null,null,null,0,1,1234]", columns.GetProperty("next_pid").GetRawText());
        Assert.Equal("""["swapper/0",null,null,4294967295,null,30,null,"","qemu-kvm"]""", columns.GetProperty("next_comm").GetRawText());
        Assert.Equal("[0,1,2,3,3,3,1,255,0]", columns.GetProperty("cpu").GetRawText());
        Assert.Equal("[1234,77,5,4000,4000,4000,88,2147483647,0]", columns.GetProperty("pid").GetRawText());
    }

    [Fact]
    public void TheOriginalReaderReadsColumnsDeflatedEarlyAsTheSameColumns()
    {
        if (SystemPython.WhyUnavailable() is { } reason)
        {
            Assert.Skip(reason);
            return;
        }

        using var directory = new TemporaryDirectory();
        var early = EarlyColumnsTests.Assemble(eventRows: 2_000, wakeupRows: 100, rowsPerRun: 64, lateRowTime: null);
        var earlyPath = directory.File("early.cdict");
        var plainPath = directory.File("plain.cdict");
        CdictFile.Write(earlyPath, early);
        CdictFile.Write(plainPath, new Capture(early.Events, early.Wakeups, early.Info));

        var (earlyExit, earlyJson, earlyError) = SystemPython.Run(LoadLikeTheOriginal, earlyPath);
        var (plainExit, plainJson, plainError) = SystemPython.Run(LoadLikeTheOriginal, plainPath);

        Assert.True(earlyExit == 0, earlyError);
        Assert.True(plainExit == 0, plainError);
        Assert.NotEqual(File.ReadAllBytes(plainPath), File.ReadAllBytes(earlyPath));
        Assert.Contains("\"usecs\":2000", earlyJson, StringComparison.Ordinal);
        Assert.Equal(plainJson, earlyJson);
    }

    private static List<string?> Strings(JsonElement column) => [.. column.EnumerateArray().Select(value => value.GetString())];
}
