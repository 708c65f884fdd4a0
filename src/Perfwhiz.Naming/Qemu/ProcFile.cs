using System.Globalization;

namespace Perfwhiz.Naming.Qemu;

/// <summary>
/// Reads procfs, where a process or thread can exit between being listed and being read:
/// what is gone reads as null instead of throwing.
/// </summary>
internal static class ProcFile
{
    public static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // ENOENT once the entry is gone, ESRCH when it goes while open.
            return null;
        }
    }

    /// <summary>The numeric entries of a folder (pids of /proc, tids of /proc/&lt;pid&gt;/task), in ascending order.</summary>
    public static IReadOnlyList<int> Ids(string folder)
    {
        try
        {
            return [.. Directory.EnumerateDirectories(folder)
                .Select(path => int.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
                .Where(id => id > 0)
                .Order()];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
