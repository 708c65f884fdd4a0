using Perfwhiz.Captures.Annotation;
using Perfwhiz.Naming;
using Perfwhiz.Naming.Libvirt;
using Perfwhiz.Naming.OpenStack;
using Perfwhiz.Naming.Qemu;

namespace Perfwhiz.Naming;

/// <summary>
/// The VM name sources that know VMs by their uuid: OpenStack and libvirt. Their settings are
/// checked before the capture. A mistake in what the user typed (a file or folder that does not
/// exist, a --os-cloud no clouds.yaml has, a pattern that is not a regex) is refused there, before
/// anything is recorded. A source that cannot be used for any other reason (what its files or the
/// environment hold, no password and no terminal to ask on) is one warning line, written before
/// anything is recorded so the user can stop, and the capture goes on with the others. What fails
/// on the other side (the cloud, libvirtd) is asked after the capture: one warning line too.
/// </summary>
public sealed class CloudNameSources
{
    private readonly OpenStackCredentials? openStack;
    private readonly VmSourceResult? savedDomains;
    private readonly bool runningDomains;
    private readonly VmNameRule rule;

    private CloudNameSources(OpenStackCredentials? openStack, VmSourceResult? savedDomains, bool runningDomains, VmNameRule rule)
    {
        this.openStack = openStack;
        this.savedDomains = savedDomains;
        this.runningDomains = runningDomains;
        this.rule = rule;
    }

    /// <summary>Whether any source will be asked; when none is, no qemu process needs to be read for them.</summary>
    public bool Any => openStack is not null || savedDomains is not null || runningDomains;

    /// <summary>Checks the sources' settings and asks for the OpenStack password, before anything is recorded.</summary>
    /// <param name="settings">What the user asked for.</param>
    /// <param name="askPassword">Asks for the OpenStack password (the command's terminal prompt).</param>
    /// <param name="warnings">Told, one line each, about the sources that cannot be used.</param>
    /// <exception cref="PerfwhizException">A mistake on the command line: a missing file or folder, a bad pattern, conflicting options.</exception>
    public static CloudNameSources Prepare(NameSourceSettings settings, PasswordPrompt askPassword, TextWriter warnings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Prepare(settings, warnings, () => OpenStackCredentials.ResolveForThisProcess(settings.OpenRc, settings.OsCloud, settings.Password?.Reveal(), askPassword));
    }

    /// <summary><see cref="Prepare(NameSourceSettings, PasswordPrompt, TextWriter)"/> with the OpenStack credentials resolved by <paramref name="resolveOpenStack"/>.</summary>
    internal static CloudNameSources Prepare(NameSourceSettings settings, TextWriter warnings, Func<OpenStackCredentials?> resolveOpenStack)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(warnings);
        var nameRule = VmNameRule.Parse(settings.NamePattern);
        // OS_* variables describe the cloud this host belongs to now; an older perf.data is named from them only when asked.
        var openStackAsked = !settings.ConvertingOldCapture || settings.OpenRc is not null || settings.OsCloud is not null;
        var credentials = openStackAsked ? Usable("OpenStack", resolveOpenStack, warnings) : null;
        var saved = settings.LibvirtXml is null ? null : Usable("libvirt", () => LibvirtDomains.FromXmlDirectory(settings.LibvirtXml), warnings);
        // Like the OS_* variables, this host's libvirt names an older perf.data's VMs only when asked.
        var readRunning = settings.AnnotateLibvirt ?? (!settings.ConvertingOldCapture && Directory.Exists(LibvirtDomains.RunStateDirectory));
        return new CloudNameSources(credentials, saved, readRunning && settings.LibvirtXml is null, nameRule);
    }

    /// <summary>The source <paramref name="open"/> gives, or null and one warning line when it cannot be used.</summary>
    private static T? Usable<T>(string name, Func<T?> open, TextWriter warnings)
        where T : class
    {
        try
        {
            return open();
        }
        catch (UnusableSourceException e)
        {
            warnings.WriteLine($"perfcap: warning: {name}: {e.Message}; going on without it");
            return null;
        }
    }

    /// <summary>
    /// Asks every source for its VMs and names the threads of the qemu processes they know, by
    /// precedence: OpenStack, then libvirt. Each failure is written to <paramref name="warnings"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException">Only for <paramref name="cancellation"/>: the sources' own timeouts are failures.</exception>
    public IReadOnlyList<TaskMap> NameThreads(IReadOnlyList<QemuProcess> processes, TextWriter warnings, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var queries = new List<Task<VmSourceResult>>();
        if (openStack is not null)
        {
            queries.Add(OpenStackServerList.ListAsync(openStack, OpenStackServerList.DefaultTimeout, cancellation));
        }

        if (savedDomains is not null)
        {
            queries.Add(Task.FromResult(savedDomains));
        }
        else if (runningDomains)
        {
            queries.Add(LibvirtDomains.RunningAsync(LibvirtDomains.DefaultTimeout, cancellation));
        }

        // Both sources are asked at once: each is bounded on its own, the slower does not add up.
        var results = Task.WhenAll(queries).GetAwaiter().GetResult();
        var maps = new List<TaskMap>();
        foreach (var result in results)
        {
            Warn(result, warnings);
            maps.Add(NameThreads(processes, result));
        }

        return maps;
    }

    /// <summary>The warning line of a source that failed, saying whether the VMs it read before still name threads.</summary>
    internal static void Warn(VmSourceResult result, TextWriter warnings)
    {
        if (result.Failure is not null)
        {
            warnings.WriteLine($"perfcap: warning: {result.Failure}; {(result.Vms.Count > 0 ? $"naming from the {result.Vms.Count} VMs read before" : "going on without it")}");
        }
    }

    /// <summary>Each qemu process by its -uuid, else (libvirt, for a qemu started without one) by the pid its domain records.</summary>
    private TaskMap NameThreads(IReadOnlyList<QemuProcess> processes, VmSourceResult result)
    {
        var byUuid = result.NamesByUuid(rule);
        var byPid = new Dictionary<int, string>();
        foreach (var vm in result.Vms.Where(vm => vm.Pid is not null))
        {
            byPid.TryAdd(vm.Pid!.Value, rule.Apply(vm.Name));
        }

        return QemuTaskMap.NameThreads(
            processes,
            process => Guid.TryParse(process.Uuid, out var uuid) && byUuid.TryGetValue(uuid, out var name) ? name
                : process.Uuid is null ? byPid.GetValueOrDefault(process.Pid) : null,
            result.Source);
    }
}
