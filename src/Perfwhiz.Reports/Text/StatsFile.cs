using System.Text;
using Perfwhiz.Analyses.Stats;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Reports.Text;

/// <summary>perfcap's <c>.stats</c> file: <see cref="StatsReport"/> of a capture, written whole or not at all.</summary>
public static class StatsFile
{
    /// <summary>Computes the stats of <paramref name="capture"/> (annotated names, if any) and writes them to <paramref name="path"/>.</summary>
    public static void Write(string path, Capture capture, string runName) => AtomicFile.Write(path, stream => Write(stream, capture, runName));

    /// <summary>Computes the stats of <paramref name="capture"/> and writes them to <paramref name="output"/>, left open.</summary>
    public static void Write(Stream output, Capture capture, string runName) => Compute(capture, runName)(output);

    /// <summary>Computes the stats of <paramref name="capture"/> now; the writer returned writes them to a stream, left open.</summary>
    public static Action<Stream> Compute(Capture capture, string runName)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var scheduler = SchedLatencyAnalysis.Compute(capture);
        var kvm = KvmExitTimeAnalysis.Compute(capture);
        return output =>
        {
            using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            StatsReport.Write(writer, capture.Info, runName, scheduler, kvm);
        };
    }
}
