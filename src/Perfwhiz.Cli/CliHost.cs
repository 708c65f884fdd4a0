using System.CommandLine;

namespace Perfwhiz.Cli;

/// <summary>
/// Runs a command: user errors become one line on stderr and <see cref="ExitCode.UserError"/>,
/// Ctrl-C cancels the work (which cleans up after itself) and exits with <see cref="ExitCode.Cancelled"/>.
/// </summary>
public static class CliHost
{
    public static int Run(RootCommand command, string[] args)
    {
        ArgumentNullException.ThrowIfNull(command);
        var tool = command.Name;
        var parse = command.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"{tool}: {error.Message}");
            }

            Console.Error.WriteLine($"Run '{tool} --help' for the options.");
            return (int)ExitCode.Usage;
        }

        using var interruption = new Interruption();
        try
        {
            var configuration = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null, // signals are handled by Interruption: System.CommandLine's own would cancel every time
            };
            return parse.InvokeAsync(configuration, interruption.Token).GetAwaiter().GetResult();
        }
        catch (PerfwhizException e)
        {
            Console.Error.WriteLine($"{tool}: error: {e.Message}");
            return (int)ExitCode.UserError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"{tool}: cancelled, nothing written");
            return (int)ExitCode.Cancelled;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("PERFWHIZ_DEBUG") is null)
        {
            Console.Error.WriteLine($"{tool}: internal error ({e.GetType().Name}: {e.Message}); please report it, with PERFWHIZ_DEBUG=1 for details");
            return (int)ExitCode.InternalError;
        }
    }

    /// <summary>
    /// While the returned scope lives, the first Ctrl-C calls <paramref name="stop"/> instead of
    /// cancelling the command (a capture stops early and is still written); the next one cancels.
    /// </summary>
    public static IDisposable OnFirstInterrupt(Action stop) => Interruption.OnFirst(stop);
}
