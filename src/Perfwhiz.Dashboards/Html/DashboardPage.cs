using System.IO.Compression;
using System.Net;
using System.Text;
using Perfwhiz.Analyses.Results;
using Perfwhiz.Reports.Json;

namespace Perfwhiz.Dashboards;

/// <summary>
/// Writes a dashboard document as one self-contained HTML page: the bundled script and style
/// inline, the data gzip + <see cref="SevenBitText"/> in non-executable script elements, and a Content-Security-Policy
/// that allows no request at all and only the page's own script. Text from the capture (task names,
/// label) never reaches the HTML: the script puts it on the page as text.
/// </summary>
public static class DashboardPage
{
    private const string DataType = "application/x-perfwhiz-gzip-7bit";

    public static void Write(Stream output, DashboardDocument document)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(document);

        // Each task's series are encoded and compressed on their own, in parallel, into blocks
        // beside the document, which keeps only the tasks' names: the page inflates only the task it
        // shows. The timeline's intervals are one block of their own; its thread names stay in the document.
        var tasks = document.Heatmaps ?? [];
        var seriesBlocks = new DataText[tasks.Count];
        var timeline = document.Timeline;
        var timelineBlock = Task.Run(() => timeline is null ? null : GzipText(TimelineEncoding.Encode(timeline)));
        Parallel.For(0, tasks.Count, i => seriesBlocks[i] = GzipText(HeatMapEncoding.Encode(tasks[i])));
        var none = new TimedSeries(new EventSeries(0));
        var pageDocument = document.Heatmaps is null ? document : document with
        {
            Heatmaps = [.. tasks.Select(task => task with { Switches = none, Sleeps = none, IoWaits = none, KvmExits = none, KvmEntries = none, WakeupLatencies = none })],
            Timeline = document.Timeline is null ? null : document.Timeline with { Cpus = [] },
        };

        var title = Encoding.UTF8.GetBytes(WebUtility.HtmlEncode($"perfwhiz {document.Kind}: {VisibleText.Escape(document.Label)}"));
        var template = DashboardAssets.PageTemplate;
        while (template.Length > 0)
        {
            var start = template.IndexOf("{{"u8);
            if (start < 0)
            {
                output.Write(template);
                break;
            }

            output.Write(template[..start]);
            var length = template[start..].IndexOf("}}"u8);
            var slot = Encoding.ASCII.GetString(template.Slice(start + 2, length - 2));
            template = template[(start + length + 2)..];
            switch (slot)
            {
                case "script-hash": Ascii(output, DashboardAssets.ScriptHash); break;
                case "title": output.Write(title); break;
                case "style": output.Write(DashboardAssets.Style); break;
                case "script": output.Write(DashboardAssets.Script); break;
                case "data":
                    DataBlock(output, "id=\"perfwhiz-document\"", GzipText(DashboardJson.ToUtf8(pageDocument)));
                    foreach (var block in seriesBlocks)
                    {
                        DataBlock(output, "class=\"perfwhiz-series\"", block);
                    }

                    if (timelineBlock.GetAwaiter().GetResult() is { } timelineData)
                    {
                        DataBlock(output, "id=\"perfwhiz-timeline\"", timelineData);
                    }

                    break;
                default: throw new InvalidOperationException($"page.html names an unknown slot {{{{{slot}}}}}");
            }
        }
    }

    public static void WriteFile(string path, DashboardDocument document) =>
        AtomicFile.Write(path, stream => Write(stream, document));

    // zlib level 2: the varint columns leave gzip little to find higher up (level 6 saves 1 % of the
    // size and takes twice the time); level 1 (Fastest) is 18 % bigger.
    private static DataText GzipText(ReadOnlySpan<byte> content)
    {
        using var compressed = new MemoryStream(content.Length / 3 + 64);
        using (var gzip = new GZipStream(compressed, new ZLibCompressionOptions { CompressionLevel = 2 }, leaveOpen: true))
        {
            gzip.Write(content);
        }

        var bytes = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        return new DataText(SevenBitText.Encode(bytes), bytes.Length);
    }

    private static void DataBlock(Stream output, string attribute, DataText block)
    {
        Ascii(output, FormattableString.Invariant($"<script type=\"{DataType}\" data-bytes=\"{block.ByteCount}\" {attribute}>"));
        output.Write(block.Text);
        Ascii(output, "</script>\n");
    }

    /// <summary>A data block's text and the number of bytes it carries.</summary>
    private sealed record DataText(ArraySegment<byte> Text, int ByteCount);

    private static void Ascii(Stream output, string text) => output.Write(Encoding.ASCII.GetBytes(text));
}
