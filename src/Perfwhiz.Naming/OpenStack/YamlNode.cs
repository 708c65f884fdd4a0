namespace Perfwhiz.Naming.OpenStack;

/// <summary>A node of the YAML subset clouds.yaml uses: a scalar, a mapping or a sequence.</summary>
internal sealed class YamlNode
{
    private YamlNode(int line, string? scalar, IReadOnlyDictionary<string, YamlNode>? mapping, IReadOnlyList<YamlNode>? sequence)
    {
        Line = line;
        Scalar = scalar;
        Mapping = mapping;
        Sequence = sequence;
    }

    /// <summary>The line the node starts on, for errors.</summary>
    public int Line { get; }

    /// <summary>The text of a scalar (empty for an empty value); null for a mapping or a sequence.</summary>
    public string? Scalar { get; }

    public IReadOnlyDictionary<string, YamlNode>? Mapping { get; }

    public IReadOnlyList<YamlNode>? Sequence { get; }

    public static YamlNode OfScalar(int line, string text) => new(line, text, null, null);

    public static YamlNode OfMapping(int line, IReadOnlyDictionary<string, YamlNode> entries) => new(line, null, entries, null);

    public static YamlNode OfSequence(int line, IReadOnlyList<YamlNode> items) => new(line, null, null, items);
}
