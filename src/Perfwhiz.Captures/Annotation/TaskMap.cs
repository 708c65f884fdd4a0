using System.Globalization;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Annotation;

/// <summary>
/// The original perfwhiz's CSV task map, one thread per line:
/// <c>&lt;tid&gt;,&lt;libvirt-instance-name&gt;,&lt;task-system-type&gt;,&lt;uuid&gt;,&lt;group-type&gt;,&lt;group-id&gt;,&lt;task-name&gt;</c>.
/// A mapped thread is named <c>&lt;task-name&gt;.&lt;group-id as 2 digits&gt;.&lt;task-system-type&gt;</c>:
/// <c>19236,,vcpu0,,,5,Firewall</c> → <c>Firewall.05.vcpu0</c>.
/// Maps from other sources (qemu processes, later libvirt and OpenStack) are built from names and
/// combined by precedence.
/// </summary>
public sealed class TaskMap
{
    private const int Columns = 7;

    // Which source named each thread, and the sources in precedence order: one for a map of its own.
    private readonly IReadOnlyDictionary<int, string>? sourceByTid;
    private readonly IReadOnlyList<string> sources;

    private TaskMap(string source, IReadOnlyDictionary<int, string> namesByTid)
        : this([source], namesByTid, null)
    {
    }

    private TaskMap(IReadOnlyList<string> sources, IReadOnlyDictionary<int, string> namesByTid, IReadOnlyDictionary<int, string>? sourceByTid)
    {
        this.sources = sources;
        Source = string.Join(" + ", sources);
        NamesByTid = namesByTid;
        this.sourceByTid = sourceByTid;
    }

    /// <summary>Where the map came from (<c>CSV map map.csv</c>), recorded as the capture's annotation source.</summary>
    public string Source { get; }

    public IReadOnlyDictionary<int, string> NamesByTid { get; }

    /// <summary>A map naming each thread as given; <paramref name="source"/> says where the names came from.</summary>
    public static TaskMap FromNames(IReadOnlyDictionary<int, string> namesByTid, string source)
    {
        ArgumentNullException.ThrowIfNull(namesByTid);
        ArgumentException.ThrowIfNullOrEmpty(source);
        return new TaskMap(source, new Dictionary<int, string>(namesByTid));
    }

    /// <summary>
    /// One map from several, most trusted first: a thread keeps the name of the first map that names it.
    /// The source lists the maps that named at least one thread; <see cref="ApplyToBySource"/> counts by them.
    /// </summary>
    public static TaskMap FirstWins(IEnumerable<TaskMap> mapsByPrecedence)
    {
        ArgumentNullException.ThrowIfNull(mapsByPrecedence);
        var names = new Dictionary<int, string>();
        var combinedSourceByTid = new Dictionary<int, string>();
        var combinedSources = new List<string>();
        foreach (var map in mapsByPrecedence)
        {
            foreach (var (tid, name) in map.NamesByTid)
            {
                if (names.TryAdd(tid, name))
                {
                    var source = map.SourceOf(tid);
                    combinedSourceByTid[tid] = source;
                    if (!combinedSources.Contains(source))
                    {
                        combinedSources.Add(source);
                    }
                }
            }
        }

        return new TaskMap(combinedSources, names, combinedSourceByTid);
    }

    public static TaskMap Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PerfwhizException($"cannot read the task map {path}: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses a whole map; any malformed line makes it invalid, named by its line number.</summary>
    public static TaskMap Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new Dictionary<int, string>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var fields = CsvLine.Split(line) ?? throw Malformed(source, lineNumber, "an unterminated quote");
            if (fields.Count != Columns)
            {
                throw Malformed(source, lineNumber, $"{fields.Count} fields instead of {Columns} (tid,instance,type,uuid,group-type,group-id,name)");
            }

            if (!int.TryParse(fields[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var tid) || tid <= 0)
            {
                throw Malformed(source, lineNumber, $"the tid '{fields[0]}' is not a positive number");
            }

            if (!int.TryParse(fields[5].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var groupId))
            {
                throw Malformed(source, lineNumber, $"the group id '{fields[5]}' is not a number");
            }

            var taskName = fields[6].Trim();
            var systemType = fields[2].Trim();
            if (taskName.Length == 0 || systemType.Length == 0)
            {
                throw Malformed(source, lineNumber, "the task name and the task type must not be empty");
            }

            if (!names.TryAdd(tid, $"{taskName}.{groupId:00}.{systemType}"))
            {
                throw Malformed(source, lineNumber, $"tid {tid} is mapped twice");
            }
        }

        return new TaskMap($"CSV map {source}", names);
    }

    /// <summary>Renames every row of the mapped threads; returns how many threads were renamed.</summary>
    public int ApplyTo(Capture capture) => ApplyToBySource(capture).Sum(source => source.Threads);

    /// <summary>Renames every row of the mapped threads; returns how many threads each source renamed, in precedence order.</summary>
    public IReadOnlyList<(string Source, int Threads)> ApplyToBySource(Capture capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var mappedName = new Dictionary<int, int>();
        foreach (var (tid, name) in NamesByTid)
        {
            mappedName[tid] = capture.Names.Intern(name);
        }

        var renamed = new HashSet<int>();
        var events = capture.Events;
        for (var row = 0; row < events.Count; row++)
        {
            if (mappedName.TryGetValue(events.Pid[row], out var name))
            {
                events.Task[row] = name;
                renamed.Add(events.Pid[row]);
            }

            if (events.NextTask[row] != EventTable.NoTask && mappedName.TryGetValue(events.NextPid[row], out var next))
            {
                events.NextTask[row] = next;
                renamed.Add(events.NextPid[row]);
            }
        }

        var wakeups = capture.Wakeups;
        for (var row = 0; row < wakeups.Count; row++)
        {
            if (mappedName.TryGetValue(wakeups.Pid[row], out var name))
            {
                wakeups.Task[row] = name;
                renamed.Add(wakeups.Pid[row]);
            }
        }

        capture.Info.AnnotationSource = Source;
        var renamedBySource = renamed.CountBy(SourceOf).ToDictionary();
        return [.. sources.Where(renamedBySource.ContainsKey).Select(source => (source, renamedBySource[source]))];
    }

    private string SourceOf(int tid) => sourceByTid?[tid] ?? Source;

    private static PerfwhizException Malformed(string source, int line, string what) =>
        new($"{source}, line {line}: {what}; nothing was annotated");
}
