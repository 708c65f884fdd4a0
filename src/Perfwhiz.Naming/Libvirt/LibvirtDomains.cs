using System.ComponentModel;
using System.Globalization;

namespace Perfwhiz.Naming.Libvirt;

/// <summary>
/// The libvirt name source (no credentials: root on the compute node reads libvirt's own view).
/// Running domains come from <c>virsh list --name</c> + <c>virsh dumpxml</c> when virsh is
/// installed, else from libvirt's run-state files /run/libvirt/qemu/&lt;domain&gt;.xml and .pid;
/// saved domain XML files are read offline from a folder (<c>--libvirt-xml</c>).
/// </summary>
public static class LibvirtDomains
{
    /// <summary>Where libvirt's qemu driver keeps the state of running domains.</summary>
    public const string RunStateDirectory = "/run/libvirt/qemu";

    /// <summary>The default bound on all the virsh calls together.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The domains running on this host: through virsh when it is on PATH, else from
    /// <see cref="RunStateDirectory"/>. Never throws for libvirt's failures: the result says them.
    /// </summary>
    public static Task<VmSourceResult> RunningAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        var virsh = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "virsh"))
            .FirstOrDefault(File.Exists);
        return virsh is not null
            ? FromVirshAsync(virsh, connectUri: null, RunStateDirectory, timeout, cancellation)
            : Task.FromResult(FromRunState(RunStateDirectory));
    }

    /// <summary>The running domains virsh lists, each with its pid from <paramref name="runStateDirectory"/> when there.</summary>
    /// <param name="virshPath">The virsh program.</param>
    /// <param name="connectUri">The libvirt connection (<c>virsh --connect</c>); null for virsh's default.</param>
    /// <param name="runStateDirectory">Where the domains' .pid files are.</param>
    /// <param name="timeout">The bound on all the virsh calls together.</param>
    /// <param name="cancellation">The caller's cancellation, thrown as such.</param>
    public static async Task<VmSourceResult> FromVirshAsync(string virshPath, string? connectUri, string runStateDirectory, TimeSpan timeout, CancellationToken cancellation)
    {
        var source = "libvirt (virsh)";
        var virsh = new Virsh(virshPath, connectUri);
        var domains = new List<VmIdentity>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            var (exitCode, output, error) = await virsh.RunAsync(deadline.Token, "list", "--name").ConfigureAwait(false);
            if (exitCode != 0)
            {
                return VmSourceResult.Failed(source, $"libvirt: virsh list --name failed: {OneLine(error)}");
            }

            string? failure = null;
            foreach (var name in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var (dumpExit, xml, dumpError) = await virsh.RunAsync(deadline.Token, "dumpxml", name).ConfigureAwait(false);
                if (dumpExit == 0)
                {
                    var domain = LibvirtDomainXml.Parse(xml, $"virsh dumpxml {name}");
                    domains.Add(domain with { Pid = PidFile(runStateDirectory, name) });
                }
                else if (!dumpError.Contains("failed to get domain", StringComparison.Ordinal) && !dumpError.Contains("Domain not found", StringComparison.Ordinal))
                {
                    // A domain that stopped since the list is simply gone; anything else is said once.
                    failure ??= $"libvirt: virsh dumpxml {name} failed: {OneLine(dumpError)}";
                }
            }

            return new VmSourceResult(source, domains, failure);
        }
        catch (PerfwhizException e)
        {
            return new VmSourceResult(source, domains, $"libvirt: {e.Message}");
        }
        catch (Win32Exception e)
        {
            return VmSourceResult.Failed(source, $"libvirt: cannot run {virshPath}: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new VmSourceResult(source, domains, $"libvirt: virsh did not answer within {timeout.TotalSeconds:0.###} s (timeout)");
        }
    }

    /// <summary>The running domains from libvirt's run-state files; a missing or unreadable folder is a failure line.</summary>
    public static VmSourceResult FromRunState(string directory)
    {
        var source = $"libvirt ({directory})";
        if (!Directory.Exists(directory))
        {
            return VmSourceResult.Failed(source, $"libvirt: neither virsh nor {directory}: no libvirt domains on this host");
        }

        try
        {
            return new VmSourceResult(source, ReadDirectory(directory), null);
        }
        catch (PerfwhizException e)
        {
            return VmSourceResult.Failed(source, $"libvirt: {e.Message}");
        }
    }

    /// <summary>Saved domain XML files (<c>virsh dumpxml</c> output or run-state files), every *.xml of the folder.</summary>
    /// <exception cref="PerfwhizException">The folder given on the command line is missing or holds no .xml file.</exception>
    /// <exception cref="UnusableSourceException">A file cannot be read or is not a domain.</exception>
    public static VmSourceResult FromXmlDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new PerfwhizException($"libvirt XML folder {directory} does not exist");
        }

        List<VmIdentity> domains;
        try
        {
            domains = ReadDirectory(directory);
        }
        catch (PerfwhizException e)
        {
            // What a file holds is no mistake on the command line: the capture goes on without this source.
            throw new UnusableSourceException(e.Message, e);
        }

        return domains.Count > 0
            ? new VmSourceResult($"libvirt XML {directory}", domains, null)
            : throw new PerfwhizException($"libvirt XML folder {directory} holds no .xml file");
    }

    private static List<VmIdentity> ReadDirectory(string directory)
    {
        var domains = new List<VmIdentity>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.xml").Order(StringComparer.Ordinal))
        {
            string xml;
            try
            {
                xml = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PerfwhizException($"cannot read {file}: {e.Message}", e);
            }

            var domain = LibvirtDomainXml.Parse(xml, file);
            domains.Add(domain.Pid is null ? domain with { Pid = PidFile(directory, Path.GetFileNameWithoutExtension(file)) } : domain);
        }

        return domains;
    }

    // libvirt writes <domain>.pid beside <domain>.xml for each running domain.
    private static int? PidFile(string directory, string domainName)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(directory, domainName + ".pid")).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // virsh says "error: failed to connect to the hypervisor" then why, on the next line: one line
    // for both. Its libraries' warnings ("I/O warning : ...") come first and repeat the error.
    private static string OneLine(string error)
    {
        const string Prefix = "error: ";
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(line => line.StartsWith(Prefix, StringComparison.Ordinal)).Select(line => line[Prefix.Length..]).ToList();
        return string.Join(": ", errors.Count > 0 ? errors : lines) is { Length: > 0 } message ? message : "no message";
    }
}
