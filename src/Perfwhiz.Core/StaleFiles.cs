using System.Globalization;

namespace Perfwhiz;

/// <summary>
/// The hidden files <see cref="AtomicFile"/> makes beside its outputs (<c>.&lt;name&gt;.&lt;pid&gt;.tmp</c>,
/// <c>.old</c>, <c>.none</c>), and what is done with those a killed process left: only files of this
/// pattern whose process no longer runs are touched.
/// </summary>
internal static class StaleFiles
{
    public const string Temporary = "tmp";
    public const string Aside = "old";
    public const string Absent = "none";

    public static string NameFor(string path, string kind) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? ".", $".{System.IO.Path.GetFileName(path)}.{Environment.ProcessId}.{kind}");

    /// <summary>
    /// Finishes the replacements that dead processes left half done in <paramref name="folder"/>:
    /// while one of its temporaries remains, it had not put every file in place, so the old files
    /// come back; otherwise every new file is in place and only the old ones go.
    /// </summary>
    public static void Recover(string folder)
    {
        string[] names;
        try
        {
            names = Directory.GetFiles(folder, ".*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // the write itself will say what is wrong with the folder
        }

        var stale = names
            .Select(path => (Path: path, Parsed: Parse(System.IO.Path.GetFileName(path))))
            .Where(file => file.Parsed is not null)
            .Select(file => (file.Path, Target: System.IO.Path.Combine(folder, file.Parsed!.Value.Name), file.Parsed.Value.Pid, file.Parsed.Value.Kind))
            .Where(file => file.Pid != Environment.ProcessId && !IsRunning(file.Pid))
            .GroupBy(file => file.Pid);
        foreach (var process in stale)
        {
            var rollBack = process.Any(file => file.Kind == Temporary);
            foreach (var file in process.OrderBy(file => file.Kind == Temporary ? 0 : 1))
            {
                if (rollBack && file.Kind == Aside)
                {
                    TryMove(file.Path, file.Target);
                }
                else if (rollBack && file.Kind == Absent)
                {
                    TryDelete(file.Target);
                    TryDelete(file.Path);
                }
                else
                {
                    TryDelete(file.Path);
                }
            }
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the error that matters is the one being reported.
        }
    }

    public static void TryMove(string from, string to)
    {
        try
        {
            File.Move(from, to, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort, as above.
        }
    }

    private static bool IsRunning(int pid) => pid > 0 && Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The parts of <c>.&lt;name&gt;.&lt;pid&gt;.&lt;kind&gt;</c>, or null for any other file.</summary>
    private static (string Name, int Pid, string Kind)? Parse(string fileName)
    {
        var kindDot = fileName.LastIndexOf('.');
        var pidDot = kindDot > 0 ? fileName.LastIndexOf('.', kindDot - 1) : -1;
        if (!fileName.StartsWith('.') || pidDot < 2)
        {
            return null;
        }

        var kind = fileName[(kindDot + 1)..];
        var pid = fileName[(pidDot + 1)..kindDot];
        return kind is Temporary or Aside or Absent && pid.Length is > 0 and < 10 && pid.All(char.IsAsciiDigit)
            ? (fileName[1..pidDot], int.Parse(pid, CultureInfo.InvariantCulture), kind)
            : null;
    }
}
