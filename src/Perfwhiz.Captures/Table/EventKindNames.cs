namespace Perfwhiz.Captures.Table;

public static class EventKindNames
{
    public const string Switch = "sched__sched_switch";
    public const string StatSleep = "sched__sched_stat_sleep";
    public const string StatIowait = "sched__sched_stat_iowait";
    public const string KvmExit = "kvm_exit";
    public const string KvmEntry = "kvm_entry";

    private static readonly string[] Names = [Switch, StatSleep, StatIowait, KvmExit, KvmEntry];

    public static string ToCdictName(this EventKind kind) => Names[(int)kind];

    public static bool TryParse(ReadOnlySpan<char> name, out EventKind kind)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (name.SequenceEqual(Names[i]))
            {
                kind = (EventKind)i;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
