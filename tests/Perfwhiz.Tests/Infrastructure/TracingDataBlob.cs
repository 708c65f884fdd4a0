using System.Text;

namespace Perfwhiz.Tests.Infrastructure;

/// <summary>
/// The TRACING_DATA blob (feature bit 1 in file mode, the bytes after HEADER_TRACING_DATA in pipe mode),
/// version "0.6", as perf's trace-event-info.c writes it.
/// </summary>
public static class TracingDataBlob
{
    private const uint PageSize = 4096;

    /// <param name="formats">The recorded events; they are grouped by system in order of first appearance.</param>
    /// <param name="bigEndian">Sets the endianness byte, and the byte order of every number in the blob.</param>
    /// <param name="headerPage">The text of <c>events/header_page</c>.</param>
    /// <param name="headerEvent">The text of <c>events/header_event</c>.</param>
    /// <param name="savedCmdlines">The text of <c>saved_cmdlines</c> ("pid comm" lines).</param>
    public static byte[] Build(IReadOnlyList<TracepointFormat> formats, bool bigEndian, string headerPage, string headerEvent, string savedCmdlines)
    {
        var blob = new EndianBuffer(bigEndian);
        blob.Bytes([0x17, 0x08, 0x44]);
        blob.Bytes("tracing"u8);
        blob.CString("0.6");
        blob.U8(bigEndian ? (byte)1 : (byte)0);
        blob.U8(sizeof(long));
        blob.U32(PageSize);
        blob.CString("header_page");
        LongText(blob, headerPage);
        blob.CString("header_event");
        LongText(blob, headerEvent);
        blob.U32(0); // ftrace formats
        var systems = formats.GroupBy(format => format.System, StringComparer.Ordinal).ToList();
        blob.U32((uint)systems.Count);
        foreach (var system in systems)
        {
            blob.CString(system.Key);
            blob.U32((uint)system.Count());
            foreach (var format in system)
            {
                LongText(blob, format.Text);
            }
        }

        blob.U32(0); // kallsyms, empty as perf 6.1 writes it
        blob.U32(0); // printk formats
        LongText(blob, savedCmdlines);
        return blob.ToArray();
    }

    private static void LongText(EndianBuffer blob, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        blob.U64((ulong)bytes.Length);
        blob.Bytes(bytes);
    }
}
