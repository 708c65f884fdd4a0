namespace Perfwhiz.Naming;

/// <summary>
/// What one name source gave: the VMs it knows and, when it failed (unreachable, refused, timed
/// out), one line saying why. A failure is not fatal: the capture goes on with the next source,
/// with whatever VMs were read before the failure.
/// </summary>
/// <param name="Source">Where the VMs came from, for the capture's annotation source and the summary.</param>
/// <param name="Vms">The VMs read, possibly none.</param>
/// <param name="Failure">One line saying what went wrong (never containing a password); null on success.</param>
public sealed record VmSourceResult(string Source, IReadOnlyList<VmIdentity> Vms, string? Failure)
{
    public static VmSourceResult Failed(string source, string failure) => new(source, [], failure);

    /// <summary>The VM names by uuid after the naming rule; a uuid listed twice keeps its first name.</summary>
    public IReadOnlyDictionary<Guid, string> NamesByUuid(VmNameRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var names = new Dictionary<Guid, string>();
        foreach (var vm in Vms)
        {
            names.TryAdd(vm.Uuid, rule.Apply(vm.Name));
        }

        return names;
    }
}
