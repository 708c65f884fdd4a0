using Perfwhiz.Captures.Table;
using Perfwhiz.Perf;

namespace Perfwhiz.Conversion;

/// <summary>perf.data → capture (event table, wakeups, capture health).</summary>
public static class PerfConversion
{
    /// <param name="progress">Called now and then with (bytes read, total bytes; 0 when unknown).</param>
    public static Capture Convert(string perfDataPath, Action<long, long>? progress = null, CancellationToken cancellation = default)
    {
        using var builder = new PerfCaptureBuilder(perfDataPath);
        var summary = PerfDataReader.Read(perfDataPath, builder, Progress(builder, progress), cancellation);
        return builder.Finish(summary);
    }

    /// <summary>Converts a capture read from a stream (pipe mode works on any stream, file mode needs seeking).</summary>
    public static Capture Convert(Stream perfData, string displayName, Action<long, long>? progress = null, CancellationToken cancellation = default)
    {
        using var builder = new PerfCaptureBuilder(displayName);
        var summary = PerfDataReader.Read(perfData, displayName, builder, Progress(builder, progress), cancellation);
        return builder.Finish(summary);
    }

    private static Action<long, long> Progress(PerfCaptureBuilder builder, Action<long, long>? progress) => (done, total) =>
    {
        builder.OnProgress(done, total);
        progress?.Invoke(done, total);
    };
}
