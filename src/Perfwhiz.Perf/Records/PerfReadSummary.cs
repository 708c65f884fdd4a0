namespace Perfwhiz.Perf.Records;

/// <summary>What reading a capture met: record counts, damage, and warnings for the user.</summary>
public sealed class PerfReadSummary
{
    // perf's record types are small numbers (a damaged record may claim any other): counted in an
    // array on the hot path, put in a sorted map only when someone asks.
    private readonly long[] countsByType = new long[128];
    private SortedDictionary<uint, long>? otherCounts;

    /// <summary>Records per type, including those perfwhiz skips.</summary>
    public SortedDictionary<uint, long> RecordsPerType
    {
        get
        {
            var counts = otherCounts is null ? [] : new SortedDictionary<uint, long>(otherCounts);
            for (var type = 0u; type < countsByType.Length; type++)
            {
                if (countsByType[type] > 0)
                {
                    counts[type] = countsByType[type];
                }
            }

            return counts;
        }
    }

    /// <summary>Records whose content contradicted their own size or the capture's attributes.</summary>
    public long MalformedRecords { get; set; }

    public long BytesRead { get; set; }

    public List<string> Warnings { get; } = [];

    internal void Count(RecordType type)
    {
        if ((uint)type < (uint)countsByType.Length)
        {
            countsByType[(uint)type]++;
            return;
        }

        otherCounts ??= [];
        otherCounts.TryGetValue((uint)type, out var seen);
        otherCounts[(uint)type] = seen + 1;
    }
}
