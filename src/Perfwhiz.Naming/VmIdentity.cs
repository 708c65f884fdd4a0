namespace Perfwhiz.Naming;

/// <summary>
/// One VM as a name source knows it. The qemu process running it is found by <see cref="Uuid"/>
/// (qemu's <c>-uuid</c> argument, which libvirt always passes and Nova sets to the server id).
/// </summary>
/// <param name="Uuid">The VM's id: the Nova server id, the libvirt domain's &lt;uuid&gt;.</param>
/// <param name="Name">The name people know it by: the server name, Nova's name in the domain metadata, or the domain name.</param>
/// <param name="Pid">The qemu process id libvirt recorded for a running domain; null when the source does not say.</param>
/// <param name="Flavor">The flavor, for the summary, when known.</param>
/// <param name="Project">The project (tenant) owning it, for the summary, when known.</param>
public sealed record VmIdentity(Guid Uuid, string Name, int? Pid, string? Flavor, string? Project);
