using System.Runtime.CompilerServices;
using Perfwhiz.Captures.Table;

namespace Perfwhiz.Conversion;

/// <summary>
/// Per tracepoint, how many samples became rows (or run times) and how many were dropped and why.
/// Counted in arrays indexed like the <see cref="TracepointCatalog"/> on the hot path; named when the conversion ends.
/// </summary>
internal sealed class ConversionCounters
{
    private readonly long[] kept = new long[TracepointCatalog.All.Length];
    private readonly long[] droppedAsFirst = new long[TracepointCatalog.All.Length];
    private readonly long[] malformed = new long[TracepointCatalog.All.Length];

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once a record, on the assembling thread
    public void Keep(PendingKind kind) => kept[(int)kind]++;

    /// <summary>The first event of its kind on a CPU or vCPU: the duration it needs has no start.</summary>
    public void DropAsFirst(PendingKind kind) => droppedAsFirst[(int)kind]++;

    public void DropMalformed(PendingKind kind) => malformed[(int)kind]++;

    public void CopyTo(CaptureInfo info)
    {
        foreach (var tracepoint in TracepointCatalog.All)
        {
            var i = (int)tracepoint.Kind;
            if (kept[i] > 0)
            {
                info.KeptPerEvent[tracepoint.Name] = kept[i];
            }

            if (droppedAsFirst[i] > 0)
            {
                info.DroppedPerEvent[$"{tracepoint.Name} ({tracepoint.FirstDropReason})"] = droppedAsFirst[i];
            }

            if (malformed[i] > 0)
            {
                info.DroppedPerEvent[$"{tracepoint.Name} (payload too short for its format)"] = malformed[i];
            }
        }
    }
}
