using System.Buffers.Binary;
using System.IO.Compression;
using Perfwhiz.Captures.Cdict;

namespace Perfwhiz.Tests.Infrastructure;

/// <summary>Builds cdict bytes by hand, valid or not, and takes valid ones apart.</summary>
internal static class RawCdict
{
    /// <summary>Two valid rows: a switch and a kvm_exit.</summary>
    public static List<(string Name, object?[] Values)> ValidColumns() =>
    [
        ("event", ["sched__sched_switch", "kvm_exit"]),
        ("cpu", [0, 1]),
        ("usecs", [1.5, 2.5]),
        ("pid", [10, 20]),
        ("task_name", ["a", "b"]),
        ("duration", [1, 2]),
        ("next_pid", [11, null]),
        ("next_comm", ["c", 30]),
    ];

    public static byte[] Columns(IEnumerable<(string Name, object?[] Values)> columns) => MessagePack(writer =>
    {
        var list = columns.ToList();
        writer.WriteMapHeader(list.Count);
        foreach (var (name, values) in list)
        {
            writer.WriteString(name);
            writer.WriteArrayHeader(values.Length);
            foreach (var value in values)
            {
                Write(writer, value);
            }
        }
    });

    public static byte[] Extension(int version) => MessagePack(writer =>
    {
        writer.WriteMapHeader(2);
        writer.WriteString("format_version");
        writer.WriteInt64(version);
        writer.WriteString("a_key_from_the_future");
        writer.WriteArrayHeader(1);
        writer.WriteMapHeader(0);
    });

    public static byte[] MessagePack(Action<MessagePackWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new MessagePackWriter(stream))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    public static byte[] Zlib(byte[] payload)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest))
        {
            zlib.Write(payload);
        }

        return compressed.ToArray();
    }

    /// <summary>A cdict of an event map and, when given, an extension map with its footer.</summary>
    public static byte[] File(byte[] events, byte[]? extension = null)
    {
        var file = new List<byte>(Zlib(events));
        if (extension is not null)
        {
            var compressed = Zlib(extension);
            file.AddRange(compressed);
            var footer = new byte[16];
            BinaryPrimitives.WriteUInt64LittleEndian(footer, (ulong)compressed.Length);
            "PWHZEXT1"u8.CopyTo(footer.AsSpan(8));
            file.AddRange(footer);
        }

        return [.. file];
    }

    /// <summary>The decompressed event and extension maps of a cdict perfwhiz wrote.</summary>
    public static (byte[] Events, byte[] Extension) Split(byte[] file)
    {
        var extensionLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 16));
        var eventsLength = file.Length - 16 - extensionLength;
        return (Inflate(file.AsSpan(0, eventsLength).ToArray()), Inflate(file.AsSpan(eventsLength, extensionLength).ToArray()));
    }

    private static byte[] Inflate(byte[] compressed)
    {
        using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        zlib.CopyTo(inflated);
        return inflated.ToArray();
    }

    private static void Write(MessagePackWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNil();
                break;
            case string text:
                writer.WriteString(text);
                break;
            case byte[] bytes:
                writer.WriteBinary(bytes);
                break;
            case bool flag:
                writer.WriteBoolean(flag);
                break;
            case double number:
                writer.WriteDouble(number);
                break;
            case ulong number:
                writer.WriteUInt64(number);
                break;
            default:
                writer.WriteInt64(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
