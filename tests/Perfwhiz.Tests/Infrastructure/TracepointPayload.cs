using System.Text;

namespace Perfwhiz.Tests.Infrastructure;

/// <summary>Lays out one tracepoint payload (a sample's RAW data) from its format, field by field.</summary>
public static class TracepointPayload
{
    /// <summary>
    /// Builds the payload of <paramref name="format"/>. <c>common_type</c> is the format's id; each value is
    /// written at its field's offset and size, in order (a later value for the same field wins), and every
    /// field not given stays zero. Text goes into <c>char[n]</c> arrays (NUL-terminated, at most n − 1 bytes)
    /// and into <c>__data_loc</c> / <c>__rel_loc</c> fields, whose strings are appended after the fixed part.
    /// Numbers may be <see cref="int"/>, <see cref="uint"/>, <see cref="long"/>, <see cref="ulong"/> or <see cref="bool"/>.
    /// </summary>
    public static byte[] Build(TracepointFormat format, bool bigEndian, IEnumerable<(string Field, object Value)> values)
    {
        var fixedPart = new byte[format.FixedSize];
        var strings = new List<byte>();
        EndianBuffer.Put(Slice(fixedPart, format.Field("common_type")), (ulong)format.Id, bigEndian);
        foreach (var (fieldName, value) in values)
        {
            var field = format.Field(fieldName);
            if (field.IsDataLoc || field.IsRelLoc)
            {
                var text = Text(field, value);
                var offset = fixedPart.Length + strings.Count;
                var location = field.IsRelLoc ? offset - (field.Offset + field.Size) : offset;
                EndianBuffer.Put(Slice(fixedPart, field), ((ulong)(text.Length + 1) << 16) | (uint)location, bigEndian);
                strings.AddRange(text);
                strings.Add(0);
            }
            else if (field.IsCharArray)
            {
                var text = Text(field, value);
                if (text.Length >= field.Size)
                {
                    throw new ArgumentException($"'{value}' does not fit {format.FullName}.{field.Name} with its NUL.", nameof(values));
                }

                var slot = Slice(fixedPart, field);
                slot.Clear();
                text.CopyTo(slot);
            }
            else
            {
                EndianBuffer.Put(Slice(fixedPart, field), Number(field, value), bigEndian);
            }
        }

        return [.. fixedPart, .. strings];
    }

    private static Span<byte> Slice(byte[] fixedPart, TracepointField field) => fixedPart.AsSpan(field.Offset, field.Size);

    private static byte[] Text(TracepointField field, object value) =>
        value is string text
            ? Encoding.UTF8.GetBytes(text)
            : throw new ArgumentException($"Field '{field.Name}' ({field.Declaration}) takes a string, not {value.GetType().Name}.", nameof(value));

    private static ulong Number(TracepointField field, object value) => value switch
    {
        int number => unchecked((ulong)number),
        long number => unchecked((ulong)number),
        uint number => number,
        ulong number => number,
        bool flag => flag ? 1UL : 0UL,
        _ => throw new ArgumentException($"Field '{field.Name}' ({field.Declaration}) takes a number, not {value.GetType().Name}.", nameof(value)),
    };
}
