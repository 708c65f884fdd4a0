using System.Runtime.InteropServices;
using Perfwhiz.Events.Table;

namespace Perfwhiz.Analyses.Selection;

/// <summary>
/// The tasks of one capture as the analyses see them: every row of the event and wakeup tables
/// mapped once to a task key (a name, by default; see <see cref="TaskNaming"/>).
/// </summary>
public sealed class TaskKeys
{
    public const int None = -1;

    private readonly List<string> names = [];
    private readonly List<int> tids = [];

    private TaskKeys(int rows, int nextRows, int wakeupRows)
    {
        OfRow = new int[rows];
        OfNext = new int[nextRows];
        OfWakeup = new int[wakeupRows];
    }

    /// <summary>Task key of each event row's task (for a switch: the task switched out).</summary>
    public int[] OfRow { get; }

    /// <summary>Task key of each switch row's task switched in; <see cref="None"/> for other rows.</summary>
    public int[] OfNext { get; }

    /// <summary>Task key of each wakeup's woken task.</summary>
    public int[] OfWakeup { get; }

    public int Count => names.Count;

    public string Name(int key) => names[key];

    /// <summary>A thread id of the task (the first seen), for messages and <c>--list</c>.</summary>
    public int FirstTid(int key) => tids[key];

    public IEnumerable<int> Keys => Enumerable.Range(0, names.Count);

    public static TaskKeys Build(Capture capture, TaskNaming naming)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(naming);
        var events = capture.Events;
        var wakeups = capture.Wakeups;
        var keys = new TaskKeys(events.Count, events.Count, wakeups.Count);
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        // Rows repeat names (or (tid, name) pairs) endlessly: resolve each once.
        var byPair = new Dictionary<(int Tid, int Name), int>();
        var byNameIndex = new int[capture.Names.Count];
        byNameIndex.AsSpan().Fill(None);
        int KeyOf(int tid, int name)
        {
            if (!naming.AppendTid && byNameIndex[name] != None)
            {
                return byNameIndex[name];
            }

            ref var key = ref CollectionsMarshal.GetValueRefOrAddDefault(byPair, (naming.AppendTid ? tid : 0, name), out var seen);
            if (!seen)
            {
                var display = naming.Apply(capture.Names[name], tid);
                ref var named = ref CollectionsMarshal.GetValueRefOrAddDefault(byName, display, out var known);
                if (!known)
                {
                    named = keys.names.Count;
                    keys.names.Add(display);
                    keys.tids.Add(tid);
                }

                key = named;
            }

            if (!naming.AppendTid)
            {
                byNameIndex[name] = key;
            }

            return key;
        }

        for (var row = 0; row < events.Count; row++)
        {
            keys.OfRow[row] = KeyOf(events.Pid[row], events.Task[row]);
            keys.OfNext[row] = events.NextTask[row] == EventTable.NoTask ? None : KeyOf(events.NextPid[row], events.NextTask[row]);
        }

        for (var row = 0; row < wakeups.Count; row++)
        {
            keys.OfWakeup[row] = KeyOf(wakeups.Pid[row], wakeups.Task[row]);
        }

        return keys;
    }
}
