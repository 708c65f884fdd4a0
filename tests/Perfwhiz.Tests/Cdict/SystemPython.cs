using System.Diagnostics;

namespace Perfwhiz.Tests.Cdict;

/// <summary>
/// Debian's /usr/bin/python3 with python3-msgpack: the reference reader of the original cdict format.
/// The python3 on PATH may be another one without msgpack, so the path is fixed.
/// </summary>
internal static class SystemPython
{
    private const string Interpreter = "/usr/bin/python3";

    /// <summary>Why the reference reader cannot run here, or null when it can.</summary>
    public static string? WhyUnavailable()
    {
        if (!File.Exists(Interpreter))
        {
            return $"{Interpreter} is missing";
        }

        var (exitCode, _, error) = Run("import msgpack");
        return exitCode == 0 ? null : $"{Interpreter} cannot import msgpack (install python3-msgpack): {error.Trim()}";
    }

    public static (int ExitCode, string Output, string Error) Run(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Interpreter)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Interpreter}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
