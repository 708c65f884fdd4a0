namespace Perfwhiz.Captures.Table;

/// <summary>The kinds of rows in the main table; their cdict names are the original perfwhiz's.</summary>
public enum EventKind : byte
{
    Switch,
    StatSleep,
    StatIowait,
    KvmExit,
    KvmEntry,
}
