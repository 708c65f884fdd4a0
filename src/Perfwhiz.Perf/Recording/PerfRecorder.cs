using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Perfwhiz.Perf.Recording;

/// <summary>
/// A running <c>perf record -a</c> of a <see cref="RecordingPlan"/>. It records until interrupted:
/// SIGINT is what makes perf flush its buffers and finish the file, so stopping early and stopping
/// on time are the same operation.
/// </summary>
public sealed class PerfRecorder : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process perf;
    private readonly PerfControl? control;
    private readonly StringBuilder errors = new();

    private PerfRecorder(Process perf, PerfControl? control, string outputPath)
    {
        this.perf = perf;
        this.control = control;
        OutputPath = outputPath;
    }

    public string OutputPath { get; }

    public bool HasExited => perf.HasExited;

    /// <summary>Bytes perf has written to the capture so far.</summary>
    public long BytesWritten => File.Exists(OutputPath) ? new FileInfo(OutputPath).Length : 0;

    /// <summary>
    /// Starts perf; with a perf that can be controlled, its events stay off until <see cref="StartRecording"/>.
    /// </summary>
    /// <param name="folder">A private folder for the capture (perf.data) and perf's control FIFOs.</param>
    /// <param name="bufferSize">perf's -m: ring buffer per CPU, e.g. "16M".</param>
    public static PerfRecorder Start(PerfBinary binary, RecordingPlan plan, string folder, string bufferSize)
    {
        ArgumentNullException.ThrowIfNull(binary);
        ArgumentNullException.ThrowIfNull(plan);
        var start = new ProcessStartInfo(binary.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // No build ids and no memory maps: a scheduler capture has no samples to symbolise, and
        // collecting them makes perf read every process's maps at start and every binary at stop.
        var outputPath = Path.Combine(folder, "perf.data");
        List<string> arguments = ["record", "-a", "-m", bufferSize, "--no-buildid", "--no-buildid-cache", "-o", outputPath];
        if (binary.IsAtLeast(5, 13))
        {
            arguments.Add("--synth=task");
        }

        var fifos = binary.IsAtLeast(5, 11) ? PerfControl.Create(folder) : null;
        arguments.AddRange(fifos?.Arguments ?? []);

        foreach (var argument in arguments.Concat(plan.Events.SelectMany(name => new[] { "-e", name })))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var recorder = new PerfRecorder(process, fifos, outputPath);
        process.ErrorDataReceived += (_, line) => recorder.OnError(line.Data);
        process.OutputDataReceived += (_, line) => recorder.OnError(line.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new PerfwhizException($"{binary.Path} cannot be run: {e.Message}", e);
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return recorder;
    }

    /// <summary>
    /// Returns once perf records: at once for a perf without control FIFOs (it records from its start),
    /// else when perf has turned its events on. A perf that died meanwhile is left for <see cref="WaitForCapture"/> to report.
    /// </summary>
    public void StartRecording(CancellationToken cancellation) =>
        control?.Enable(() => perf.HasExited, StartTimeout, cancellation);

    /// <summary>Asks perf to stop recording and finish its file.</summary>
    public void Stop()
    {
        if (!perf.HasExited)
        {
            Posix.Interrupt(perf.Id);
        }
    }

    /// <summary>
    /// Waits for perf to finish after <see cref="Stop"/> (or on its own) and checks that it left a
    /// capture; a perf that failed is reported with what it printed.
    /// </summary>
    public void WaitForCapture(TimeSpan timeout)
    {
        if (!perf.WaitForExit(timeout))
        {
            perf.Kill();
            perf.WaitForExit();
            throw new PerfwhizException($"perf record did not finish its file within {timeout.TotalSeconds:F0} s of being stopped and was killed");
        }

        perf.WaitForExit(); // flushes the redirected output
        // perf re-raises the SIGINT it was stopped with (by perfcap or by a Ctrl-C at the terminal),
        // so 128 + 2 is a normal end.
        if ((perf.ExitCode != 0 && perf.ExitCode != 130) || BytesWritten == 0)
        {
            throw new PerfwhizException(string.Create(CultureInfo.InvariantCulture, $"perf record failed (exit code {perf.ExitCode}): {PerfSaid()}"));
        }
    }

    public void Dispose()
    {
        if (!perf.HasExited)
        {
            perf.Kill();
            perf.WaitForExit();
        }

        perf.Dispose();
    }

    private void OnError(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            lock (errors)
            {
                errors.AppendLine(line.Trim());
            }
        }
    }

    /// <summary>perf's own explanation: its messages without progress lines and before any usage text.</summary>
    private string PerfSaid()
    {
        lock (errors)
        {
            var lines = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(line => !line.StartsWith("[ perf record:", StringComparison.Ordinal))
                .TakeWhile(line => !line.StartsWith("Usage:", StringComparison.Ordinal))
                .Take(4)
                .Select(line => line.Replace('\t', ' '))
                .ToList();
            return lines.Count == 0 ? "it printed nothing" : string.Join(" / ", lines);
        }
    }
}
