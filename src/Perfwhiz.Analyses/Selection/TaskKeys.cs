using System.Runtime.InteropServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Analyses.Selection;

/// <summary>
/// The tasks of one capture as the analyses see them: every row of the event and wakeup tables
/// mapped once to a task key (a name, by default; see <see cref="TaskNaming"/>).
/// </summary>
public sealed class TaskKeys
{
    public const int None = -1;

    /// <summary>The name of rows without one.</summary>
    public const string UnnamedTask = ":unnamed";

    private readonly List<string> names = [];
    private readonly List<int> tids = [];
    private readonly Dictionary<string, int> keyByDisplayName = new(StringComparer.Ordinal);
    // (tid, name) packed in a long: a tuple key's hash costs more than the rest of the lookup.
    private readonly Dictionary<long, int> keyByPair = [];

    // With tids appended, a thread keeps its name for row after row: its last name and key answer
    // first, in flat tables by tid (ids past ThreadIndex.FlatLimit take the dictionary).
    private int[] lastNameByTid = [];
    private int[] lastKeyByTid = [];
    private readonly Capture capture;
    private readonly TaskNaming naming;
    private int[] keyByName;
    private readonly Lazy<int[]> ofWakeup;

    private TaskKeys(Capture capture, TaskNaming naming)
    {
        this.capture = capture;
        this.naming = naming;
        keyByName = new int[capture.Names.Count];
        Array.Fill(keyByName, None);
        OfRow = HugePages.Allocate<int>(capture.Events.Count);
        OfNext = HugePages.Allocate<int>(capture.Events.Count);
        ofWakeup = new Lazy<int[]>(KeysOfWakeups);
    }

    /// <summary>Task key of each event row's task (for a switch: the task switched out).</summary>
    public int[] OfRow { get; }

    /// <summary>Task key of each switch row's task switched in; <see cref="None"/> for other rows.</summary>
    public int[] OfNext { get; }

    /// <summary>Task key of each wakeup's woken task.</summary>
    /// <remarks>Only the exports ask: mapped when first asked, so that the other commands do not hold a key per wakeup.</remarks>
    public int[] OfWakeup => ofWakeup.Value;

    public int Count => names.Count;

    public IEnumerable<int> Keys => Enumerable.Range(0, names.Count);

    public string Name(int key) => names[key];

    /// <summary>A thread id of the task (the first seen), for messages and <c>--list</c>.</summary>
    public int FirstTid(int key) => tids[key];

    public static TaskKeys Build(Capture capture, TaskNaming naming)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(naming);
        var keys = new TaskKeys(capture, naming);
        var events = capture.Events;
        for (var row = 0; row < events.Count; row++)
        {
            keys.OfRow[row] = keys.KeyOf(events.Pid[row], events.Task[row]);
            keys.OfNext[row] = events.NextTask[row] == EventTable.NoTask ? None : keys.KeyOf(events.NextPid[row], events.NextTask[row]);
        }

        // The wakeups' tasks get their keys now, in the order they are first seen, as the rows' did.
        var wakeups = capture.Wakeups;
        for (var row = 0; row < wakeups.Count; row++)
        {
            keys.KeyOf(wakeups.Pid[row], wakeups.Task[row]);
        }

        return keys;
    }

    /// <summary>The wakeups' keys, every one of which <see cref="Build"/> made.</summary>
    private int[] KeysOfWakeups()
    {
        var wakeups = capture.Wakeups;
        var keys = new int[wakeups.Count];
        for (var row = 0; row < keys.Length; row++)
        {
            keys[row] = KeyOf(wakeups.Pid[row], wakeups.Task[row]);
        }

        return keys;
    }

    // Rows repeat names (or (tid, name) pairs) endlessly: each is resolved once.
    private int KeyOf(int tid, int name)
    {
        if (name < 0)
        {
            // A row without a name (nil in an old cdict) gets the name perf prints for those.
            name = capture.Names.Intern(UnnamedTask);
        }

        if (name >= keyByName.Length)
        {
            var known = keyByName.Length;
            Array.Resize(ref keyByName, name + 1);
            keyByName.AsSpan(known).Fill(None);
        }

        if (!naming.AppendTid && keyByName[name] != None)
        {
            return keyByName[name];
        }

        if (naming.AppendTid && (uint)tid < ThreadIndex.FlatLimit)
        {
            return KeyOfThread(tid, name);
        }

        return KeyOfPair(tid, name);
    }

    private int KeyOfThread(int tid, int name)
    {
        if (tid >= lastNameByTid.Length)
        {
            var known = lastNameByTid.Length;
            var length = Math.Min(ThreadIndex.FlatLimit, Math.Max(tid + 1, known * 2));
            Array.Resize(ref lastNameByTid, length);
            Array.Resize(ref lastKeyByTid, length);
            lastNameByTid.AsSpan(known).Fill(None);
        }

        if (lastNameByTid[tid] != name)
        {
            lastKeyByTid[tid] = KeyOfPair(tid, name);
            lastNameByTid[tid] = name;
        }

        return lastKeyByTid[tid];
    }

    private int KeyOfPair(int tid, int name)
    {
        ref var key = ref CollectionsMarshal.GetValueRefOrAddDefault(keyByPair, PairKey(naming.AppendTid ? tid : 0, name), out var seen);
        if (!seen)
        {
            key = KeyOfDisplayName(naming.Apply(capture.Names[name], tid), tid);
        }

        if (!naming.AppendTid)
        {
            keyByName[name] = key;
        }

        return key;
    }

    private static long PairKey(int tid, int name) => ((long)tid << 32) | (uint)name;

    private int KeyOfDisplayName(string display, int tid)
    {
        ref var key = ref CollectionsMarshal.GetValueRefOrAddDefault(keyByDisplayName, display, out var known);
        if (!known)
        {
            key = names.Count;
            names.Add(display);
            tids.Add(tid);
        }

        return key;
    }
}
