
namespace Perfwhiz.Tests.InfrastructureTests;

[Trait("Kind", "unit")]
public sealed class TracepointFormatTests
{
    [Fact]
    public void ParsesThisKernelsSchedSwitch()
    {
        var format = FormatFixtures.Load("sched/sched_switch");

        Assert.Equal("sched:sched_switch", format.FullName);
        Assert.Equal(64, format.FixedSize);
        Assert.Equal(
            ["common_type 0/2", "common_flags 2/1", "common_preempt_count 3/1", "common_pid 4/4", "prev_comm 8/16", "prev_pid 24/4",
             "prev_prio 28/4", "prev_state 32/8", "next_comm 40/16", "next_pid 56/4", "next_prio 60/4"],
            Layout(format),
            StringComparer.Ordinal);
        Assert.True(format.Field("prev_comm").IsCharArray);
        Assert.False(format.Field("prev_state").IsCharArray);
    }

    [Fact]
    public void ParsesThisKernelsKvmEvents()
    {
        Assert.Equal(
            ["exit_reason 8/4", "guest_rip 16/8", "isa 24/4", "info1 32/8", "info2 40/8", "intr_info 48/4", "error_code 52/4", "vcpu_id 56/4", "requests 64/8"],
            Layout(FormatFixtures.Load("kvm/kvm_exit")).Skip(4),
            StringComparer.Ordinal);
        Assert.Equal(
            ["vcpu_id 8/4", "rip 16/8", "immediate_exit 24/1", "intr_info 28/4", "error_code 32/4"],
            Layout(FormatFixtures.Load("kvm/kvm_entry")).Skip(4),
            StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("sched/sched_stat_runtime")]
    [InlineData("sched/sched_migrate_task")]
    public void NamesADataLocFieldAfterItsType(string fixture)
    {
        var comm = FormatFixtures.Load(fixture).Field("comm");

        Assert.Equal("__data_loc char[] comm", comm.Declaration);
        Assert.True(comm.IsDataLoc);
        Assert.False(comm.IsCharArray);
        Assert.Equal((8, 4), (comm.Offset, comm.Size));
    }

    [Fact]
    public void ParsesTheOldKernelVariants()
    {
        var switch2632 = FormatFixtures.Load("legacy/2.6.32/sched/sched_switch");
        var exit310 = FormatFixtures.Load("legacy/3.10/kvm/kvm_exit");
        var runtime515 = FormatFixtures.Load("legacy/5.15/sched/sched_stat_runtime");

        Assert.Equal(
            ["common_lock_depth 8/4", "prev_comm 12/16", "prev_pid 28/4", "prev_prio 32/4", "prev_state 40/8", "next_comm 48/16", "next_pid 64/4", "next_prio 68/4"],
            Layout(switch2632).Skip(4),
            StringComparer.Ordinal);
        Assert.True(switch2632.Field("next_comm").IsCharArray); // declared [TASK_COMM_LEN]
        Assert.Equal(["exit_reason 8/4", "guest_rip 16/8", "isa 24/4", "info1 32/8", "info2 40/8"], Layout(exit310).Skip(4), StringComparer.Ordinal);
        Assert.Equal(["comm 8/16", "pid 24/4", "runtime 32/8", "vruntime 40/8"], Layout(runtime515).Skip(4), StringComparer.Ordinal);
        Assert.True(runtime515.Field("comm").IsCharArray);
    }

    [Fact]
    public void RejectsTextThatIsNotAFormat()
    {
        Assert.Throws<FormatException>(() => TracepointFormat.Parse("sched", "name: x\nID: 1\nformat:\n"));
        Assert.Throws<FormatException>(() => TracepointFormat.Parse("sched", "name: x\nID: 1\nformat:\n\tfield:int a;\tsize:4;\n"));
    }

    [Fact]
    public void RejectsAnUnknownFieldName()
    {
        var format = FormatFixtures.Load("sched/sched_wakeup");

        Assert.Throws<ArgumentException>(() => format.Field("success"));
    }

    private static IEnumerable<string> Layout(TracepointFormat format) =>
        format.Fields.Select(field => $"{field.Name} {field.Offset}/{field.Size}");
}
