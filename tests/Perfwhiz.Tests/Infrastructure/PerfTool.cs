using System.Diagnostics;
using System.Text;

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
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "perf"))
            .Append("/usr/bin/perf");
        var path = candidates.FirstOrDefault(File.Exists);
        return path is not null && Run(path, ["--version"], stdinFile: null).ExitCode == 0 ? path : null;
    }

    private static PerfRun Run(string perf, IEnumerable<string> arguments, string? stdinFile)
    {
        var start = new ProcessStartInfo(perf)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(stdout, line.Data);
        process.ErrorDataReceived += (_, line) => Append(stderr, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdinFile is not null)
        {
            using var input = File.OpenRead(stdinFile);
            input.CopyTo(process.StandardInput.BaseStream);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill();
            throw new TimeoutException($"perf {string.Join(' ', start.ArgumentList)} did not finish within a minute.");
        }

        process.WaitForExit(); // drains the asynchronous readers
        return new PerfRun(process.ExitCode, Lines(stdout), Lines(stderr));
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is not null)
        {
            lock (target)
            {
                target.Append(line).Append('\n');
            }
        }
    }

    private static string[] Lines(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
