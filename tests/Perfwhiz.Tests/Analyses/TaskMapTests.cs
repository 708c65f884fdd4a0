using Perfwhiz.Events.Annotation;

namespace Perfwhiz.Tests.Analyses;

/// <summary>The CSV task map: the original's naming rule and one clear error per malformed line.</summary>
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
}
