using System.Diagnostics;
using Perfwhiz.Naming.Qemu;

namespace Perfwhiz.Tests.Infrastructure;

/// <summary>
/// Two real qemu VMs, router1 and router2 (2 vcpus each, named threads), idling in their firmware for the
/// tests of a class; killed on dispose. None when qemu-system-x86_64 is not installed. Their uuids are the
/// ids of two Nova servers in tests/fixtures/openstack and libvirt, as Nova starts its VMs: with -uuid.
/// </summary>
public sealed class QemuVms : IDisposable
{
    public const string Qemu = "qemu-system-x86_64";
    /// <summary>Server ESC_Day0-3__62940__MT__MTPerftest_FULL_01ESC_Day0-31.1__0__CSR__0 (CSR.01 by the original's pattern).</summary>
    public const string Router1Uuid = "5c0b3a1e-8f4d-4e2a-9b7c-1d2e3f405a6b";

    /// <summary>Server firewall-chain-3.</summary>
    public const string Router2Uuid = "7d9e1f20-3a4b-4c5d-8e6f-708192a3b4c5";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);
    private readonly List<Process> processes = [];

    public QemuVms()
    {
        if (ExternalTool.Find(Qemu) is not { } qemu)
        {
            return;
        }

        try
        {
            Router1 = Start(qemu, "router1", "-uuid", Router1Uuid);
            Router2 = Start(qemu, "router2", "-uuid", Router2Uuid);
            WaitForSettledThreads();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Whether the VMs run; when not, the live tests are skipped with the reason.</summary>
    public bool Available => Router1 != 0;

    public int Router1 { get; }

    public int Router2 { get; }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void SkipAbsent() => ExternalTool.SkipAbsent(Qemu, "qemu thread discovery on live VMs");

    public void Dispose()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }

            process.Dispose();
        }
    }

    private int Start(string qemu, string guest, params string[] more)
    {
        // KVM where the machine has it, TCG otherwise: either way qemu names its vcpu threads "CPU n/...".
        var start = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-accel", "kvm", "-accel", "tcg", "-name", $"guest={guest},debug-threads=on", "-m", "64", "-smp", "2", "-display", "none", "-nodefaults", .. more])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{qemu} did not start");
        processes.Add(process);
        // Drain qemu's warnings so that it never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process.Id;
    }

    /// <summary>
    /// Waits for both VMs' vcpu threads, then for their threads to stay the same for a while: KVM adds its
    /// kvm-nx-lpage-recovery thread to the process only once a vcpu has run, and qemu names some threads late.
    /// </summary>
    private void WaitForSettledThreads()
    {
        var clock = Stopwatch.StartNew();
        var settledSince = TimeSpan.Zero;
        var previous = string.Empty;
        while (clock.Elapsed - settledSince < SettleTime)
        {
            if (processes.FirstOrDefault(process => process.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"qemu exited with {exited.ExitCode} before its vcpus started");
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"the qemu VMs' threads did not settle with 2 vcpus each within {StartTimeout.TotalSeconds} s");
            }

            var threads = processes.Select(process => Threads(process.Id)).ToList();
            var snapshot = string.Join('|', threads.SelectMany(list => list));
            var vcpusStarted = threads.All(list => list.Count(thread => thread.Comm.StartsWith("CPU ", StringComparison.Ordinal)) == 2);
            if (snapshot != previous || !vcpusStarted)
            {
                settledSince = clock.Elapsed;
                previous = snapshot;
            }

            Thread.Sleep(50);
        }
    }

    /// <returns>The process's threads in tid order; none when one exited between the listing and the read.</returns>
    private static List<(int Tid, string Comm)> Threads(int pid)
    {
        try
        {
            return [.. Directory.GetDirectories($"/proc/{pid}/task")
                .OrderBy(task => int.Parse(Path.GetFileName(task)))
                .Select(task => (int.Parse(Path.GetFileName(task)), File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n')))];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
