using Perfwhiz.Captures.Annotation;
using Perfwhiz.Tests.Cdict;

namespace Perfwhiz.Tests.Analyses;

/// <summary>
/// The CSV task map: the original's naming rule and one clear error per malformed line; maps from names,
/// combined by precedence, and the source they leave on the capture.
/// </summary>
[Trait("Kind", "unit")]
public sealed class TaskMapTests
{
    [Fact]
    public void NamesAThreadTaskNameGroupIdAndType()
    {
        var map = TaskMap.Parse("19236,,vcpu0,,,5,Firewall\n19240,instance-0001,emulator0,uuid,router,12,Router\n", "map.csv");

        Assert.Equal("Firewall.05.vcpu0", map.NamesByTid[19236]);
        Assert.Equal("Router.12.emulator0", map.NamesByTid[19240]);
    }

    [Fact]
    public void QuotedFieldsMayHoldCommas()
    {
        var map = TaskMap.Parse("7,,vcpu0,,,1,\"a,b \"\"c\"\"\"\n", "map.csv");

        Assert.Equal("a,b \"c\".01.vcpu0", map.NamesByTid[7]);
    }

    [Theory]
    [InlineData("19236,,vcpu0,,,5\n", "map.csv, line 1: 6 fields instead of 7")]
    [InlineData("1,,vcpu0,,,1,A\nx,,vcpu0,,,1,A\n", "map.csv, line 2: the tid 'x' is not a positive number")]
    [InlineData("1,,vcpu0,,,one,A\n", "map.csv, line 1: the group id 'one' is not a number")]
    [InlineData("1,,vcpu0,,,1,A\n\n1,,vcpu1,,,1,A\n", "map.csv, line 3: tid 1 is mapped twice")]
    [InlineData("1,,vcpu0,,,1,\"A\n", "map.csv, line 1: an unterminated quote")]
    [InlineData("1,,,,,1,A\n", "map.csv, line 1: the task name and the task type must not be empty")]
    public void MalformedLinesAreNamedByLineNumber(string text, string message)
    {
        var error = Assert.Throws<PerfwhizException>(() => TaskMap.Parse(text, "map.csv"));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFirstMapToNameAThreadWinsAndTheSourceListsTheMapsThatNamedOne()
    {
        var csv = TaskMap.Parse("1,,vcpu0,,,1,A\n", "map.csv");
        var second = TaskMap.FromNames(new Dictionary<int, string> { [1] = "second.vcpu0", [2] = "second.vcpu1" }, "second");
        var shadowed = TaskMap.FromNames(new Dictionary<int, string> { [2] = "third.vcpu1" }, "third");
        var empty = TaskMap.FromNames(new Dictionary<int, string>(), "empty");

        var map = TaskMap.FirstWins([csv, empty, second, shadowed]);

        Assert.Equal(new Dictionary<int, string> { [1] = "A.01.vcpu0", [2] = "second.vcpu1" }, map.NamesByTid);
        Assert.Equal("CSV map map.csv + second", map.Source);
    }

    [Fact]
    public void ApplyingAMapRenamesItsThreadsRowsAndRecordsItsSource()
    {
        var capture = SampleCaptures.AllKinds();
        var map = TaskMap.FirstWins(
        [
            TaskMap.FromNames(new Dictionary<int, string> { [4000] = "router1.vcpu0" }, "qemu -name guest= (1 VM)"),
            TaskMap.Parse("1234,,emulator0,,,1,router\n", "map.csv"),
        ]);

        var renamed = map.ApplyTo(capture);

        Assert.Equal(2, renamed);
        Assert.Equal("qemu -name guest= (1 VM) + CSV map map.csv", capture.Info.AnnotationSource);
        var events = capture.Events;
        var names = Enumerable.Range(0, events.Count).Where(row => events.Pid[row] is 4000 or 1234).Select(row => capture.Names[events.Task[row]]).Distinct();
        Assert.Equal(["router.01.emulator0", "router1.vcpu0"], names.Order(StringComparer.Ordinal));
        Assert.Equal("router.01.emulator0", capture.Names[capture.Wakeups.Task[0]]);
    }

    [Fact]
    public void ApplyingACombinedMapCountsTheThreadsEachSourceRenamedInPrecedenceOrder()
    {
        var capture = SampleCaptures.AllKinds();
        var map = TaskMap.FirstWins(
        [
            TaskMap.FromNames(new Dictionary<int, string> { [9999] = "absent.vcpu0" }, "CSV map absent.csv"),
            TaskMap.FromNames(new Dictionary<int, string> { [1234] = "router.emulator0" }, "OpenStack"),
            TaskMap.FromNames(new Dictionary<int, string> { [1234] = "shadowed.emulator0", [4000] = "router1.vcpu0" }, "qemu -name guest= (1 VM)"),
        ]);

        var renamed = map.ApplyToBySource(capture);

        // The CSV map named a thread that never ran: it renamed nothing, and is not counted.
        Assert.Equal([("OpenStack", 1), ("qemu -name guest= (1 VM)", 1)], renamed);
        Assert.Equal("CSV map absent.csv + OpenStack + qemu -name guest= (1 VM)", capture.Info.AnnotationSource);
    }
}
