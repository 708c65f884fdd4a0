using System.Buffers.Text;
using System.IO.Compression;
using System.Net;
using System.Text;
using Perfwhiz.Analyses.Results;
using Perfwhiz.Reports.Json;

namespace Perfwhiz.Dashboards;

/// <summary>
/// Writes a dashboard document as one self-contained HTML page: the bundled script and style
/// inline, the data gzip + base64 in non-executable script elements, and a Content-Security-Policy
/// that allows no request at all and only the page's own script. Text from the capture (task names,
/// label) never reaches the HTML: the script puts it on the page as text.
/// </summary>
public static class DashboardPage
{
    private const string DataType = "application/x-perfwhiz-gzip-base64";

    /// <summary>Writes the page; <paramref name="exitReasons"/> names the KVM exit codes of a heat maps document.</summary>
    public static void Write(Stream output, DashboardDocument document, IReadOnlyList<ExitReason>? exitReasons = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(document);

        // Each task's series are encoded and compressed on their own, in parallel; the page
        // inflates only the task it shows.
        var tasks = document.Heatmaps ?? [];
        var seriesBlocks = new byte[tasks.Count][];
        Parallel.For(0, tasks.Count, i => seriesBlocks[i] = Base64Gzip(HeatMapEncoding.Encode(tasks[i])));
        var pageDocument = document.Heatmaps is null ? document : document with
        {
            Heatmaps = [.. tasks.Select(task => new HeatMapSeries(task.Task, new(), new(), new(), new(), new(), new(), new()))],
            KvmExits = new KvmExitReport(exitReasons ?? [], []),
        };

        Ascii(output, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        Ascii(output, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-");
        Ascii(output, DashboardAssets.ScriptHash);
        Ascii(output, "'; style-src 'unsafe-inline'; connect-src 'none'; img-src 'none'; font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'\">\n");
        Ascii(output, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        output.Write(Encoding.UTF8.GetBytes(WebUtility.HtmlEncode($"perfwhiz {document.Kind}: {VisibleText.Escape(document.Label)}")));
        Ascii(output, "</title>\n<style>\n");
        output.Write(DashboardAssets.Style);
        Ascii(output, "</style>\n</head>\n<body>\n<div id=\"app\"></div>\n");
        Ascii(output, $"<script type=\"{DataType}\" id=\"perfwhiz-document\">");
        output.Write(Base64Gzip(DashboardJson.ToUtf8(pageDocument)));
        Ascii(output, "</script>\n");
        foreach (var block in seriesBlocks)
        {
            Ascii(output, $"<script type=\"{DataType}\" class=\"perfwhiz-series\">");
            output.Write(block);
            Ascii(output, "</script>\n");
        }

        Ascii(output, "<script>");
        output.Write(DashboardAssets.Script);
        Ascii(output, "</script>\n</body>\n</html>\n");
    }

    public static void WriteFile(string path, DashboardDocument document, IReadOnlyList<ExitReason>? exitReasons = null) =>
        AtomicFile.Write(path, stream => Write(stream, document, exitReasons));

    // zlib level 2: the varint columns leave gzip little to find higher up (level 6 saves 1 % of the
    // size and takes twice the time); level 1 (Fastest) is 18 % bigger.
    private static byte[] Base64Gzip(ReadOnlySpan<byte> content)
    {
        using var compressed = new MemoryStream(content.Length / 3 + 64);
        using (var gzip = new GZipStream(compressed, new ZLibCompressionOptions { CompressionLevel = 2 }, leaveOpen: true))
        {
            gzip.Write(content);
        }

        var base64 = new byte[Base64.GetMaxEncodedToUtf8Length((int)compressed.Length)];
        Base64.EncodeToUtf8(compressed.GetBuffer().AsSpan(0, (int)compressed.Length), base64, out _, out var written);
        return written == base64.Length ? base64 : base64[..written];
    }

    private static void Ascii(Stream output, string text) => output.Write(Encoding.ASCII.GetBytes(text));
}
