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
        string[] spelt;
        try
        {
            spelt = OptionSpelling.Expand(command, args);
        }
        catch (PerfwhizException e)
        {
            return Usage(tool, e.Message);
        }

        var parse = command.Parse(spelt);
        if (parse.Errors.Count > 0)
        {
            return Usage(tool, string.Join("; ", parse.Errors.Select(error => error.Message)));
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
            // Messages quote capture bytes and names: one visible line whatever they hold.
            Console.Error.WriteLine($"{tool}: error: {VisibleText.Escape(e.Message)}");
            return (int)ExitCode.UserError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"{tool}: cancelled, nothing written");
            return (int)ExitCode.Cancelled;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("PERFWHIZ_DEBUG") is null)
        {
            Console.Error.WriteLine($"{tool}: internal error ({e.GetType().Name}: {VisibleText.Escape(e.Message)}); please report it, with PERFWHIZ_DEBUG=1 for details");
            return (int)ExitCode.InternalError;
        }
    }

    private static int Usage(string tool, string message)
    {
        Console.Error.WriteLine($"{tool}: {VisibleText.Escape(message)} ('{tool} --help' lists the options)");
        return (int)ExitCode.Usage;
    }

    /// <summary>
    /// While the returned scope lives, the first Ctrl-C calls <paramref name="stop"/> instead of
    /// cancelling the command (a capture stops early and is still written); the next one cancels.
    /// </summary>
    public static IDisposable OnFirstInterrupt(Action stop) => Interruption.OnFirst(stop);
}
