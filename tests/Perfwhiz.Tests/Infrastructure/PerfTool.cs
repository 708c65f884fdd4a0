namespace Perfwhiz.Tests.Infrastructure;

/// <summary>Runs the machine's real <c>perf</c>, to check that files <see cref="PerfDataWriter"/> writes are what perf reads.</summary>
public static class PerfTool
{
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>Why perf cannot be used, or null when it can.</summary>
    public static string? MissingReason => Found.Value is null ? "perf is not installed or does not run (perf --version failed)" : null;

    /// <summary>Runs perf with <paramref name="arguments"/>, feeding <paramref name="stdinFile"/> (for <c>-i -</c>) when given.</summary>
    public static PerfRun Run(IEnumerable<string> arguments, string? stdinFile = null) =>
        Run(Found.Value ?? throw new InvalidOperationException(MissingReason), arguments, stdinFile);

    private static string? Find()
    {
        var path = ExternalTool.Find("perf") ?? ExternalTool.Find("/usr/bin/perf");
        return path is not null && Run(path, ["--version"], stdinFile: null).ExitCode == 0 ? path : null;
    }

    private static PerfRun Run(string perf, IEnumerable<string> arguments, string? stdinFile)
    {
        var (exitCode, output, error) = ExternalTool.RunFeeding(perf, arguments, stdinFile, TimeSpan.FromMinutes(1));
        return new PerfRun(exitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries), error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
