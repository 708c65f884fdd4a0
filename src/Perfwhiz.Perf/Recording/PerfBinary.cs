using System.ComponentModel;
using System.Diagnostics;

namespace Perfwhiz.Perf.Recording;

/// <summary>The perf program a capture runs: found on PATH (or as given), and checked to run.</summary>
public sealed class PerfBinary
{
    private const string InstallHint = "install it: apt-get install linux-perf (Debian), linux-tools-$(uname -r) (Ubuntu), dnf install perf (Fedora/RHEL)";

    private PerfBinary(string path, string version)
    {
        Path = path;
        Version = version;
    }

    public string Path { get; }

    /// <summary>What <c>perf version</c> printed, e.g. "perf version 6.1.187".</summary>
    public string Version { get; }

    /// <summary>Whether this perf is of version <paramref name="major"/>.<paramref name="minor"/> or later (false when its version is unreadable).</summary>
    public bool IsAtLeast(int major, int minor) =>
        System.Version.TryParse(string.Join('.', Version.Replace("perf version ", string.Empty, StringComparison.Ordinal).Split('.').Take(2)), out var number)
        && number >= new System.Version(major, minor);

    /// <summary>Finds <paramref name="requested"/> ("perf" by default) and runs <c>perf version</c> to be sure it works.</summary>
    public static PerfBinary Locate(string? requested)
    {
        var name = string.IsNullOrEmpty(requested) ? "perf" : requested;
        var path = name.Contains('/', StringComparison.Ordinal) ? name : FindOnPath(name);
        if (path is null || !File.Exists(path))
        {
            throw new PerfwhizException(requested is null ? $"perf is not installed; {InstallHint}" : $"{requested}: no such perf binary");
        }

        var (exitCode, output, error) = RunToEnd(path, "version");
        if (exitCode != 0 || !output.StartsWith("perf version", StringComparison.Ordinal))
        {
            var said = FirstLine(error.Length > 0 ? error : output);
            throw new PerfwhizException($"{path} does not run ('perf version' exited with {exitCode}: {said}); {InstallHint}");
        }

        return new PerfBinary(path, output.Trim());
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    private static (int ExitCode, string Output, string Error) RunToEnd(string path, string argument)
    {
        var start = new ProcessStartInfo(path, argument) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
        catch (Win32Exception e)
        {
            throw new PerfwhizException($"{path} cannot be run: {e.Message}", e);
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Trim().Split('\n')[0].Trim();
        return line.Length == 0 ? "no output" : line;
    }
}
