using Perfwhiz.Perf.Recording;

namespace Perfwhiz.Perf.Tracepoints;

/// <summary>
/// Tracepoint formats of the running kernel, for captures that lack their own (perf killed before
/// writing the tracing data). Ids change per boot, so this is right only where the capture was made.
/// </summary>
public static class LocalTracefs
{
    // Read once per process: a damaged capture may ask again and again.
    private static readonly Lazy<List<TraceFormat>> AllFormats = new(ReadAllFormats);

    public static List<TraceFormat> FormatsWithIds(IEnumerable<int> ids)
    {
        var wanted = ids.ToHashSet();
        return AllFormats.Value.Where(format => wanted.Contains(format.Id)).ToList();
    }

    private static List<TraceFormat> ReadAllFormats()
    {
        var found = new List<TraceFormat>();
        var root = Tracefs.FindEventsFolder();
        if (root is null)
        {
            return found;
        }

        foreach (var systemFolder in Directory.EnumerateDirectories(root))
        {
            foreach (var eventFolder in Directory.EnumerateDirectories(systemFolder))
            {
                var format = TryReadFormat(Path.GetFileName(systemFolder), Path.Combine(eventFolder, "format"));
                if (format is not null)
                {
                    found.Add(format);
                }
            }
        }

        return found;
    }

    /// <summary>Reads one tracefs format file; null when it cannot be read or parsed.</summary>
    public static TraceFormat? TryReadFormat(string system, string path)
    {
        try
        {
            return TraceFormat.Parse(system, File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PerfDataException)
        {
            return null;
        }
    }
}
