using System.Diagnostics;

namespace Perfwhiz.Tests.Infrastructure;

/// <summary>Runs a program the machine may or may not have (perf, python3), for live comparisons.</summary>
internal static class ExternalTool
{
    /// <summary>The full path of <paramref name="name"/> on PATH (or as given if absolute), or null.</summary>
    public static string? Find(string name)
    {
        if (System.IO.Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Runs the tool to completion and returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Output, string Error) Run(string fileName, params string[] arguments) =>
        RunIn(workingDirectory: string.Empty, fileName, arguments);

    /// <summary>As <see cref="Run"/>, in <paramref name="workingDirectory"/> (the current one when empty).</summary>
    public static (int ExitCode, string Output, string Error) RunIn(string workingDirectory, string fileName, params string[] arguments) =>
        Execute(workingDirectory, fileName, arguments, stdinFile: null, Timeout.InfiniteTimeSpan);

    /// <summary>As <see cref="Run"/>, feeding <paramref name="stdinFile"/> (when given) to the tool; one still running after <paramref name="timeout"/> is killed.</summary>
    public static (int ExitCode, string Output, string Error) RunFeeding(string fileName, IEnumerable<string> arguments, string? stdinFile, TimeSpan timeout) =>
        Execute(string.Empty, fileName, arguments, stdinFile, timeout);

    private static (int ExitCode, string Output, string Error) Execute(string workingDirectory, string fileName, IEnumerable<string> arguments, string? stdinFile, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true, // closed below: a tool never waits on the test run's terminal
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        // Both streams read while the input is written: a tool that fills a pipe never blocks the feed.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdinFile is not null)
        {
            using var input = File.OpenRead(stdinFile);
            input.CopyTo(process.StandardInput.BaseStream);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:F0} s.");
        }

        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Skips the calling test, saying which tool is absent and what it would have checked.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void SkipAbsent(string tool, string what) =>
        Assert.Skip($"{tool} is not installed: {what} not checked (scripts/run-tests installs it as root)");
}
