using Perfwhiz.Captures.Table;

namespace Perfwhiz.Captures.Cdict;

/// <summary>
/// Values a column repeats row after row (task names, event kinds), each encoded once: a column is
/// then written as the encodings its rows' keys pick (<see cref="MessagePackWriter.WriteEncoded(ReadOnlySpan{int}, EncodedValues)"/>).
/// Key k picks encoding k + <see cref="FirstKey"/> is 0: keys from -1 (no task: nil) for names.
/// </summary>
internal sealed class EncodedValues
{
    /// <summary>The size of a slot of <see cref="Slots"/>: a comm (16 bytes) and a string header fit.</summary>
    public const int SlotBytes = 32;

    private EncodedValues(byte[][] encodings, int firstKey)
    {
        Encodings = encodings;
        FirstKey = firstKey;
        Longest = encodings.Length == 0 ? 0 : encodings.Max(encoding => encoding.Length);
        if (Longest <= SlotBytes)
        {
            Slots = new byte[encodings.Length * SlotBytes];
            Lengths = new byte[encodings.Length];
            for (var index = 0; index < encodings.Length; index++)
            {
                encodings[index].CopyTo(Slots, index * SlotBytes);
                Lengths[index] = (byte)encodings[index].Length;
            }
        }
    }

    /// <summary>
    /// Each encoding at the start of its own <see cref="SlotBytes"/>, so that a row's is copied
    /// whole in one move, not by a copy of its length (a call per row); null when one is longer.
    /// </summary>
    public byte[]? Slots { get; }

    /// <summary>Each encoding's size, beside <see cref="Slots"/>.</summary>
    public byte[] Lengths { get; } = [];

    /// <summary>The encodings, the first key's first.</summary>
    public byte[][] Encodings { get; }

    /// <summary>The key of the first encoding.</summary>
    public int FirstKey { get; }

    /// <summary>The longest encoding's size in bytes.</summary>
    public int Longest { get; }

    /// <summary>Strings for keys 0 on.</summary>
    public static EncodedValues OfStrings(IEnumerable<string> values) => new([.. values.Select(MessagePackWriter.EncodeString)], firstKey: 0);

    /// <summary>The names of <paramref name="names"/> by task index, and nil for <see cref="EventTable.NoTask"/> (-1).</summary>
    public static EncodedValues OfTasks(TaskNames names)
    {
        var encodings = new byte[names.Count + 1][];
        encodings[0] = [0xc0];
        for (var task = 0; task < names.Count; task++)
        {
            encodings[task + 1] = MessagePackWriter.EncodeString(names.Utf8(task));
        }

        return new EncodedValues(encodings, firstKey: EventTable.NoTask);
    }

    /// <summary>The encoding of <paramref name="key"/>.</summary>
    public byte[] Of(int key) => Encodings[key - FirstKey];
}
