using System.Numerics;
using Perfwhiz.Perf.Container;

namespace Perfwhiz.Perf.Records;

/// <summary>
/// Where a sample's fields sit for one sample_type, computed once per event. Fields before the
/// first variable-length one (READ, CALLCHAIN) have fixed offsets; RAW usually does too.
/// </summary>
internal sealed class SampleLayout
{
    public const int Absent = -1;

    private const SampleType EightByteFields = SampleType.Identifier | SampleType.Ip | SampleType.Tid | SampleType.Time
        | SampleType.Addr | SampleType.Id | SampleType.StreamId | SampleType.Cpu | SampleType.Period;

    /// <summary>The 8-byte fields in the order a sample lays them out (not their bits' order).</summary>
    private static readonly SampleType[] RecordOrder =
    [
        SampleType.Identifier, SampleType.Ip, SampleType.Tid, SampleType.Time, SampleType.Addr,
        SampleType.Id, SampleType.StreamId, SampleType.Cpu, SampleType.Period,
    ];

    public SampleLayout(SampleType sampleType)
    {
        SampleType = sampleType;
        TidOffset = OffsetOf(sampleType, SampleType.Tid);
        TimeOffset = OffsetOf(sampleType, SampleType.Time);
        CpuOffset = OffsetOf(sampleType, SampleType.Cpu);
        FixedSize = 8 * BitOperations.PopCount((ulong)(sampleType & EightByteFields));
        HasVariableFields = (sampleType & (SampleType.Read | SampleType.Callchain)) != SampleType.None;
    }

    public SampleType SampleType { get; }

    public int TidOffset { get; }

    public int TimeOffset { get; }

    public int CpuOffset { get; }

    /// <summary>Bytes of the fixed 8-byte fields, which all come first.</summary>
    public int FixedSize { get; }

    /// <summary>READ or CALLCHAIN lie between the fixed fields and RAW, so RAW must be found by walking.</summary>
    public bool HasVariableFields { get; }

    private static int OffsetOf(SampleType sampleType, SampleType field)
    {
        if (!sampleType.HasFlag(field))
        {
            return Absent;
        }

        var offset = 0;
        foreach (var earlier in RecordOrder)
        {
            if (earlier == field)
            {
                break;
            }

            offset += sampleType.HasFlag(earlier) ? 8 : 0;
        }

        return offset;
    }
}
