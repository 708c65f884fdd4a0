using System.Diagnostics;
using System.Text;
using Perfwhiz.Tests.Annotation;

namespace Perfwhiz.Tests.Live;

/// <summary>Runs perfcap as a live capture process, as root on this machine, and can interrupt it like Ctrl-C.</summary>
internal sealed class LivePerfcap : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();
    private readonly TaskCompletionSource recording = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LivePerfcap(Process process)
    {
        this.process = process;
    }

    /// <summary>Why live captures cannot run here (not root, no perf), or null when they can.</summary>
    public static string? Unavailable =>
        !Environment.IsPrivilegedProcess ? "not running as root"
        : ExternalTool.Find("perf") is null ? "perf is not installed"
        : null;

    /// <summary>Whether a live capture of the test's VMs cannot run here; says why on the test output when so.</summary>
    public static bool CannotCapture(QemuVms vms)
    {
        if (!vms.Available)
        {
            QemuVms.SkipAbsent();
            return true;
        }

        if (Unavailable is { } reason)
        {
            Assert.Skip($"live capture: {reason}");
            return true;
        }

        return false;
    }

    public static LivePerfcap Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        // A test run started in the background inherits an ignored SIGINT, which .NET then leaves
        // ignored: env (which execs, keeping the pid) restores its default so Ctrl-C can be tested.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardInput = true, // closed below: perfcap never waits on the test run's terminal
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(ExternalTool.Find("dotnet") ?? "dotnet"); // found here: the test may give perfcap another PATH
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "perfcap.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var live = new LivePerfcap(new Process { StartInfo = start });
        live.process.OutputDataReceived += (_, line) => live.OnOutput(line.Data);
        live.process.ErrorDataReceived += (_, line) => Append(live.error, line.Data);
        live.process.Start();
        live.process.StandardInput.Close();
        live.process.BeginOutputReadLine();
        live.process.BeginErrorReadLine();
        return live;
    }

    public static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        using var live = Start(null, arguments);
        return live.WaitForExit();
    }

    /// <summary>Waits until perf records (perfcap said "Recording"), or fails after a while.</summary>
    public void WaitUntilRecording()
    {
        if (!recording.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"perfcap did not start recording: {Text(output)} {Text(error)}");
        }
    }

    /// <summary>Sends a signal to perfcap only (not to its perf): INT as Ctrl-C at a terminal, TERM as kill.</summary>
    public void Signal(string name) => ExternalTool.Run("kill", "-" + name, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public (int ExitCode, string Output, string Error) WaitForExit()
    {
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("perfcap did not finish within 2 minutes");
        }

        process.WaitForExit();
        return (process.ExitCode, Text(output), Text(error));
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    private void OnOutput(string? line)
    {
        Append(output, line);
        if (line?.StartsWith("Recording ", StringComparison.Ordinal) == true)
        {
            recording.TrySetResult();
        }
    }
}
