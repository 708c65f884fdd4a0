using System.Text.Json;

namespace Perfwhiz.Reports.Json;

/// <summary>Writes a dashboard document as JSON, atomically when to a file.</summary>
public static class DashboardJson
{
    public static void Write(Stream output, DashboardDocument document) =>
        JsonSerializer.Serialize(output, document, DashboardJsonContext.Default.DashboardDocument);

    public static void WriteFile(string path, DashboardDocument document) =>
        AtomicFile.Write(path, stream => Write(stream, document));

    public static byte[] ToUtf8(DashboardDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, DashboardJsonContext.Default.DashboardDocument);
}
