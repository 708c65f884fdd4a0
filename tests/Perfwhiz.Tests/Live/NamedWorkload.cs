using System.Diagnostics;

namespace Perfwhiz.Tests.Live;

/// <summary>A process with a chosen task name (prctl PR_SET_NAME) that sleeps 2 ms at a time until disposed.</summary>
internal sealed class NamedWorkload : IDisposable
{
    private readonly Process process;

    private NamedWorkload(Process process)
    {
        this.process = process;
    }

    public int Pid => process.Id;

    public static NamedWorkload Start(string taskName)
    {
        var script = $"import ctypes, time\nctypes.CDLL(None).prctl(15, b'{taskName}', 0, 0, 0)\nprint('ready', flush=True)\nwhile True: time.sleep(0.002)\n";
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        var started = Process.Start(start)!;
        _ = started.StandardOutput.ReadLine(); // named by now
        return new NamedWorkload(started);
    }

    public void Dispose()
    {
        process.Kill();
        process.WaitForExit();
        process.Dispose();
    }
}
