namespace Perfwhiz.Perf.Records;

/// <summary>What reading a capture met: record counts, damage, and warnings for the user.</summary>
public sealed class PerfReadSummary
{
    /// <summary>Records per type, including those perfwhiz skips.</summary>
    public SortedDictionary<uint, long> RecordsPerType { get; } = [];

    /// <summary>Records whose content contradicted their own size or the capture's attributes.</summary>
    public long MalformedRecords { get; set; }

    public long BytesRead { get; set; }

    public List<string> Warnings { get; } = [];
}
