using System.Diagnostics;

namespace Perfwhiz.Naming.Libvirt;

/// <summary>Runs virsh with a deadline, in the C locale so its messages read the same everywhere.</summary>
internal sealed class Virsh
{
    private readonly string path;
    private readonly string? connectUri;

    public Virsh(string path, string? connectUri)
    {
        this.path = path;
        this.connectUri = connectUri;
    }

    /// <returns>The exit code, standard output and standard error.</returns>
    /// <exception cref="OperationCanceledException">The deadline passed or the caller cancelled; virsh was killed.</exception>
    public async Task<(int ExitCode, string Output, string Error)> RunAsync(CancellationToken cancellation, params string[] arguments)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            Environment = { ["LC_ALL"] = "C" },
        };
        if (connectUri is not null)
        {
            start.ArgumentList.Add("--connect");
            start.ArgumentList.Add(connectUri);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{path} did not start");
        process.StandardInput.Close();
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellation);
            var error = process.StandardError.ReadToEndAsync(cancellation);
            await process.WaitForExitAsync(cancellation).ConfigureAwait(false);
            return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
