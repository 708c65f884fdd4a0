namespace Perfwhiz.Perf.Records;

/// <summary>What reading a capture met: damage, and warnings for the user.</summary>
public sealed class PerfReadSummary
{
    /// <summary>Records whose content contradicted their own size or the capture's attributes.</summary>
    public long MalformedRecords { get; set; }

    public List<string> Warnings { get; } = [];
}
