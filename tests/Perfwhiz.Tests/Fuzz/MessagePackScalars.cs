using System.Buffers.Binary;

namespace Perfwhiz.Tests.Fuzz;

/// <summary>Where the scalars of a well-formed MessagePack document lie, for mutations that hit real cells.</summary>
internal static class MessagePackScalars
{
    public static List<(int Offset, int Length)> Find(byte[] data)
    {
        var scalars = new List<(int, int)>();
        var position = 0;
        long pending = 1;
        while (pending-- > 0 && position < data.Length)
        {
            var code = data[position];
            int length;
            switch (code)
            {
                case <= 0x7f or >= 0xe0 or 0xc0 or 0xc2 or 0xc3:
                    length = 1;
                    break;
                case >= 0x80 and <= 0x8f:
                    pending += 2 * (code & 0x0f);
                    position++;
                    continue;
                case >= 0x90 and <= 0x9f:
                    pending += code & 0x0f;
                    position++;
                    continue;
                case 0xdc or 0xdd or 0xde or 0xdf:
                    var wide = code is 0xdd or 0xdf;
                    if (position + (wide ? 5 : 3) > data.Length)
                    {
                        return scalars;
                    }

                    var count = wide ? BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(position + 1)) : BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(position + 1));
                    pending += code >= 0xde ? 2L * count : count;
                    position += wide ? 5 : 3;
                    continue;
                default:
                    length = ScalarLength(data, position);
                    break;
            }

            if (length == 0 || position + length > data.Length)
            {
                return scalars;
            }

            scalars.Add((position, length));
            position += length;
        }

        return scalars;
    }

    /// <summary>The bytes of the scalar at <paramref name="position"/>; 0 when it is none perfwhiz writes.</summary>
    private static int ScalarLength(byte[] data, int position)
    {
        var code = data[position];
        switch (code)
        {
            case >= 0xa0 and <= 0xbf:
                return 1 + (code & 0x1f);
            case 0xd9 or 0xc4:
                return position + 1 < data.Length ? 2 + data[position + 1] : 1;
            case 0xda or 0xc5:
                return position + 2 < data.Length ? 3 + BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(position + 1)) : 1;
            case 0xcc or 0xd0:
                return 2;
            case 0xcd or 0xd1:
                return 3;
            case 0xce or 0xd2 or 0xca:
                return 5;
            case 0xcf or 0xd3 or 0xcb:
                return 9;
            default:
                return 0;
        }
    }
}
