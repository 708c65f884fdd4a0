namespace Perfwhiz.Captures.Table;

/// <summary>Interned task names: every row stores an index into this list instead of a string.</summary>
public sealed class TaskNames
{
    private readonly List<string> names = [];
    private readonly Dictionary<string, int> indexByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> indexBySpan;

    public TaskNames()
    {
        indexBySpan = indexByName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => names.Count;

    public string this[int index] => names[index];

    public int Intern(string name)
    {
        if (indexByName.TryGetValue(name, out var index))
        {
            return index;
        }

        return Add(name);
    }

    public int Intern(ReadOnlySpan<char> name)
    {
        if (indexBySpan.TryGetValue(name, out var index))
        {
            return index;
        }

        return Add(name.ToString());
    }

    private int Add(string name)
    {
        var index = names.Count;
        names.Add(name);
        indexByName.Add(name, index);
        return index;
    }
}
