using System.Diagnostics;

namespace Perfwhiz.Perf.Recording;

/// <summary>
/// perf record's control FIFOs (perf 5.11+): perf starts with its events off (-D -1) and turns them
/// on when told, answering "ack". perf can take seconds to start on a loaded host (it lists every
/// task first), so a capture's duration is counted from that answer, not from perf's start.
/// </summary>
internal sealed class PerfControl
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private PerfControl(string commandFifo, string ackFifo)
    {
        CommandFifo = commandFifo;
        AckFifo = ackFifo;
    }

    public string CommandFifo { get; }

    public string AckFifo { get; }

    /// <summary>perf record's arguments that make it start disabled and listen on the FIFOs.</summary>
    public IEnumerable<string> Arguments => ["-D", "-1", "--control", $"fifo:{CommandFifo},{AckFifo}"];

    public static PerfControl Create(string folder)
    {
        var control = new PerfControl(Path.Combine(folder, "control"), Path.Combine(folder, "ack"));
        Posix.MakeFifo(control.CommandFifo);
        Posix.MakeFifo(control.AckFifo);
        return control;
    }

    /// <summary>Turns perf's events on and returns once perf acknowledges it.</summary>
    /// <param name="perfExited">Whether perf has died meanwhile (then this returns and the caller reports it).</param>
    public void Enable(Func<bool> perfExited, TimeSpan timeout, CancellationToken cancellation)
    {
        // Read-write opens never block on a FIFO, whether or not perf has opened its ends yet.
        using var commands = new FileStream(CommandFifo, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        var acks = new FileStream(AckFifo, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        commands.Write("enable\n"u8);
        // The read blocks until perf answers; it is left behind (and the FIFO with it) if perf never does.
        var answer = Task.Run(() =>
        {
            var buffer = new byte[16];
            return acks.Read(buffer);
        }, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        while (!answer.Wait(PollInterval, CancellationToken.None))
        {
            cancellation.ThrowIfCancellationRequested();
            if (perfExited())
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new PerfwhizException($"perf record did not start recording within {timeout.TotalSeconds:F0} s");
            }
        }

        acks.Dispose();
    }
}
