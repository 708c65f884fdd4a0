using Perfwhiz.Captures.Annotation;
using Perfwhiz.Naming;
using Perfwhiz.Naming.Libvirt;
using Perfwhiz.Naming.OpenStack;
using Perfwhiz.Naming.Qemu;

namespace Perfwhiz.Naming;

/// <summary>
/// The VM name sources that know VMs by their uuid: OpenStack and libvirt. Everything that can be
/// wrong with what the user gave (credentials, pattern, XML folder) is found before the capture;
/// what can fail on the other side (the cloud, libvirtd) is asked after it, and a failure is one
/// warning line: the capture is still written, with the names of the other sources.
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

    /// <summary>Whether any source was asked for; when none is, no qemu process needs to be read for them.</summary>
    public bool Any => openStack is not null || savedDomains is not null || runningDomains;

    /// <summary>Checks the sources' settings and asks for the OpenStack password, before anything is recorded.</summary>
    /// <exception cref="PerfwhizException">Incomplete credentials, no password, a bad pattern or XML folder.</exception>
    public static CloudNameSources Prepare(NameSourceSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var nameRule = VmNameRule.Parse(options.NamePattern);
        // OS_* variables describe the cloud this host belongs to now; an older perf.data is named from them only when asked.
        var openStackAsked = !options.ConvertingOldCapture || options.OpenRc is not null || options.OsCloud is not null;
        var credentials = openStackAsked ? OpenStackCredentials.ResolveForThisProcess(options.OpenRc, options.OsCloud, options.Password?.Reveal()) : null;
        var saved = options.LibvirtXml is null ? null : LibvirtDomains.FromXmlDirectory(options.LibvirtXml);
        // Like the OS_* variables, this host's libvirt names an older perf.data's VMs only when asked.
        var readRunning = options.AnnotateLibvirt ?? (!options.ConvertingOldCapture && Directory.Exists(LibvirtDomains.RunStateDirectory));
        return new CloudNameSources(credentials, saved, readRunning && saved is null, nameRule);
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
            if (result.Failure is not null)
            {
                warnings.WriteLine($"perfcap: warning: {result.Failure}; {(result.Vms.Count > 0 ? $"naming from the {result.Vms.Count} VMs read before" : "going on without it")}");
            }

            maps.Add(NameThreads(processes, result));
        }

        return maps;
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
