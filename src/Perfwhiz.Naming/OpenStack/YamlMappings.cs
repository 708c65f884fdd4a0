using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// A YAML file read with YamlDotNet's node model (its parser, no reflection: NativeAOT-clean), and
/// its mappings as the OpenStack tools' PyYAML sees them: aliases resolved to their anchored node,
/// merge keys (<c>&lt;&lt;: *defaults</c>) applied, which the node model leaves as a plain key.
/// </summary>
internal static class YamlMappings
{
    private const string MergeKey = "<<";

    /// <returns>The root node of the file's first document; null for an empty file.</returns>
    /// <exception cref="UnusableSourceException">The text is not YAML; the message names the file and line.</exception>
    public static YamlNode? Load(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (AnchorNotFoundException e)
        {
            // The node model reports it at the document's start: the events say where the alias is.
            throw new UnusableSourceException(
                UndefinedAlias(text) is (var line, var alias) ? $"{file}, line {line}: the alias *{alias} names no anchor (&{alias}) defined before it" : $"{file}: {Reason(e)}",
                e);
        }
        catch (YamlException e)
        {
            throw new UnusableSourceException($"{file}, line {e.Start.Line}: {Reason(e)}", e);
        }

        return stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
    }

    /// <summary>
    /// The mapping's entries by key, merge keys applied as YAML 1.1 says: the mapping's own keys
    /// win, then those of the merged mappings in the order listed. The merge is shallow: a merged
    /// <c>auth:</c> is replaced whole by the mapping's own <c>auth:</c>, as PyYAML does.
    /// </summary>
    /// <exception cref="UnusableSourceException">A merge key whose value is not a mapping, or mappings that merge themselves.</exception>
    public static Dictionary<string, YamlNode> Entries(YamlMappingNode mapping, string file) => Entries(mapping, file, []);

    /// <summary>The text of a scalar; null for a mapping, a sequence, an empty value or YAML's null (<c>~</c>, <c>null</c>).</summary>
    public static string? Text(YamlNode? node) => node is YamlScalarNode { Value: { Length: > 0 } value } scalar
        && !(scalar.Style == ScalarStyle.Plain && value is "~" or "null" or "Null" or "NULL")
            ? value
            : null;

    public static long Line(YamlNode node) => node.Start.Line;

    private static Dictionary<string, YamlNode> Entries(YamlMappingNode mapping, string file, HashSet<YamlMappingNode> merging)
    {
        if (!merging.Add(mapping))
        {
            throw new UnusableSourceException($"{file}, line {Line(mapping)}: a merge key (<<) merges a mapping into itself");
        }

        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var merged = new List<YamlNode>();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } scalarKey)
            {
                continue; // a mapping or sequence as a key names no setting
            }

            // A quoted "<<" is an ordinary key; only the plain one merges.
            if (name == MergeKey && scalarKey.Style == ScalarStyle.Plain)
            {
                merged.AddRange(value is YamlSequenceNode sequence ? sequence.Children : [value]);
            }
            else
            {
                entries[name] = value;
            }
        }

        foreach (var source in merged)
        {
            var sourceMapping = source as YamlMappingNode
                ?? throw new UnusableSourceException($"{file}, line {Line(source)}: a merge key (<<) must name a mapping (<<: *defaults) or a list of them");
            foreach (var (name, value) in Entries(sourceMapping, file, merging))
            {
                entries.TryAdd(name, value);
            }
        }

        merging.Remove(mapping);
        return entries;
    }

    private static (long Line, string Alias)? UndefinedAlias(string text)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var parser = new Parser(new StringReader(text));
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case AnchorAlias alias when !anchors.Contains(alias.Value.Value):
                    return (alias.Start.Line, alias.Value.Value);
                case NodeEvent { Anchor.IsEmpty: false } anchored:
                    anchors.Add(anchored.Anchor.Value);
                    break;
            }
        }

        return null;
    }

    // YamlDotNet puts the position in front of its message: the caller says the line its own way.
    private static string Reason(YamlException e)
    {
        var message = e.InnerException is YamlException inner && inner.Message.Length > 0 ? inner.Message : e.Message;
        var afterPosition = message.IndexOf("): ", StringComparison.Ordinal);
        return (message.StartsWith("(Line:", StringComparison.Ordinal) && afterPosition >= 0 ? message[(afterPosition + 3)..] : message).Trim();
    }
}
