using System.Diagnostics;
using System.Globalization;
using Perfwhiz.Conversion;
using Perfwhiz.Perf.Recording;

namespace Perfwhiz.Perfcap;

/// <summary>
/// Records a perf.data of the running system into a private temporary folder: checks that it can,
/// shows progress, and stops on time or at the first Ctrl-C with what was recorded.
/// </summary>
public sealed class LiveCapture : IDisposable
{
    private static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo folder;

    private LiveCapture(DirectoryInfo folder, RecordingPlan plan, PerfBinary perf)
    {
        this.folder = folder;
        Plan = plan;
        Perf = perf;
    }

    public string PerfDataPath => Path.Combine(folder.FullName, "perf.data");

    public RecordingPlan Plan { get; }

    public PerfBinary Perf { get; }

    /// <summary>Whether a Ctrl-C ended the recording before its duration.</summary>
    public bool StoppedEarly { get; private set; }

    /// <summary>Everything that must hold before perf starts, each failing with one line.</summary>
    public static (PerfBinary Perf, RecordingPlan Plan) CheckPreconditions(string? perfBinary, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var perf = PerfBinary.Locate(perfBinary);
        var isRoot = Environment.IsPrivilegedProcess;
        if (!isRoot && Paranoia() > -1)
        {
            throw new PerfwhizException(
                $"recording every CPU's tracepoints needs root: run perfcap with sudo, or allow it with 'sysctl kernel.perf_event_paranoid=-1' (now {Paranoia()}) and read access to tracefs");
        }

        var mounted = Tracefs.FindEventsFolder() is not null;
        var events = Tracefs.EnsureMounted(mayMount: isRoot);
        if (!mounted)
        {
            output.WriteLine($"Mounted tracefs on {Tracefs.MountPoint}");
        }

        return (perf, RecordingPlan.For(events, TracepointCatalog.Recorded));
    }

    /// <summary>Records for <paramref name="duration"/> (less after a Ctrl-C); a second Ctrl-C cancels.</summary>
    public static LiveCapture Record(PerfBinary perf, RecordingPlan plan, TimeSpan duration, TextWriter output, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(perf);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        // CreateTempSubdirectory makes the folder private (0700): the capture shows every task on the host.
        var capture = new LiveCapture(Directory.CreateTempSubdirectory("perfcap-"), plan, perf);
        try
        {
            capture.RecordFor(duration, output, cancellation);
            return capture;
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    /// <summary>Removes the temporary folder and anything perf left in it.</summary>
    public void Dispose() => folder.Delete(recursive: true);

    private static int Paranoia() =>
        int.TryParse(File.ReadAllText("/proc/sys/kernel/perf_event_paranoid").Trim(), CultureInfo.InvariantCulture, out var level) ? level : 2;

    /// <summary>perf's -m: large enough that a busy host loses nothing, within 256 MiB of locked memory in all.</summary>
    private static string BufferSizePerCpu()
    {
        var perCpuMiB = Math.Clamp(256 / Environment.ProcessorCount, 1, 16);
        return $"{1 << (31 - int.LeadingZeroCount(perCpuMiB))}M";
    }

    private void RecordFor(TimeSpan duration, TextWriter output, CancellationToken cancellation)
    {
        using var recorder = PerfRecorder.Start(Perf, Plan, folder.FullName, BufferSizePerCpu());
        using (var starting = new ProgressLine("starting perf"))
        {
            starting.Show("it lists the running tasks first");
            recorder.StartRecording(cancellation);
        }

        output.WriteLine($"Recording {string.Join(", ", Plan.Events)} on {Environment.ProcessorCount} CPUs for {duration.TotalSeconds:0.###} s ({Perf.Version}); Ctrl-C stops early and keeps what was recorded");
        output.Flush();
        var clock = Stopwatch.StartNew();
        using (var progress = new ProgressLine("recording"))
        using (CliHost.OnFirstInterrupt(() => StoppedEarly = true))
        {
            while (!StoppedEarly && !recorder.HasExited && clock.Elapsed < duration)
            {
                if (cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200)))
                {
                    cancellation.ThrowIfCancellationRequested();
                }

                progress.Show($"{clock.Elapsed.TotalSeconds:F1} of {duration.TotalSeconds:0.###} s, {recorder.BytesWritten >> 20} MiB");
            }
        }

        var recorded = clock.Elapsed;
        recorder.Stop();
        if (StoppedEarly)
        {
            output.WriteLine($"Stopped after {recorded.TotalSeconds:F1} s (Ctrl-C); keeping what was recorded (Ctrl-C again to cancel)");
        }

        recorder.WaitForCapture(FinishTimeout);
        cancellation.ThrowIfCancellationRequested();
    }
}
