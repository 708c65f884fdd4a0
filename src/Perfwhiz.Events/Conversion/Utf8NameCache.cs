using System.Buffers.Binary;
using System.Text;
using Perfwhiz.Events.Table;

namespace Perfwhiz.Events.Conversion;

/// <summary>
/// Interns task names straight from their UTF-8 bytes. Kernel comms fit in 16 bytes, so those are
/// looked up by their bytes as one 128-bit key: no decoding, no string, for names already seen.
/// </summary>
internal sealed class Utf8NameCache
{
    private const int ShortName = 16;

    private readonly TaskNames names;
    private readonly Dictionary<Int128, int> shortNames = [];

    public Utf8NameCache(TaskNames names)
    {
        this.names = names;
    }

    public int Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > ShortName)
        {
            return names.Intern(Encoding.UTF8.GetString(utf8));
        }

        // Names hold no NUL, so zero padding cannot make two names share a key.
        Span<byte> padded = stackalloc byte[ShortName];
        padded.Clear();
        utf8.CopyTo(padded);
        var key = new Int128(BinaryPrimitives.ReadUInt64LittleEndian(padded[8..]), BinaryPrimitives.ReadUInt64LittleEndian(padded));
        if (!shortNames.TryGetValue(key, out var index))
        {
            index = names.Intern(Encoding.UTF8.GetString(utf8));
            shortNames.Add(key, index);
        }

        return index;
    }
}
