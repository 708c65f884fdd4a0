using System.Runtime.InteropServices;

namespace Perfwhiz.Cli;

/// <summary>
/// Turns Ctrl-C, SIGTERM and SIGHUP into cancellation, so that the work stops and cleans up (its
/// temporary files, the perf it started) instead of dying mid-write. The first Ctrl-C may instead
/// be given to a command that can stop early (<see cref="OnFirst"/>).
/// </summary>
internal sealed class Interruption : IDisposable
{
    private static Action? firstInterrupt;

    private readonly CancellationTokenSource cancellation = new();
    private readonly PosixSignalRegistration[] registrations;

    public Interruption()
    {
        registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTermination),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnTermination),
        ];
    }

    public CancellationToken Token => cancellation.Token;

    public static IDisposable OnFirst(Action stop)
    {
        Volatile.Write(ref firstInterrupt, stop);
        return new FirstInterruptScope();
    }

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        cancellation.Dispose();
    }

    private void OnInterrupt(PosixSignalContext signal)
    {
        signal.Cancel = true;
        var stop = Interlocked.Exchange(ref firstInterrupt, null);
        if (stop is not null)
        {
            stop();
        }
        else
        {
            cancellation.Cancel();
        }
    }

    private void OnTermination(PosixSignalContext signal)
    {
        signal.Cancel = true;
        cancellation.Cancel();
    }

    private sealed class FirstInterruptScope : IDisposable
    {
        public void Dispose() => Volatile.Write(ref firstInterrupt, null);
    }
}
