namespace Perfwhiz.Naming;

/// <summary>What the user asked of the VM name sources (perfcap's -r, --os-cloud, -p, --name-pattern, --libvirt-xml, --annotate-libvirt).</summary>
/// <param name="ConvertingOldCapture">An existing perf.data is converted: today's cloud and libvirt name its VMs only when asked.</param>
public sealed record NameSourceSettings(
    string? OpenRc,
    string? OsCloud,
    Secret? Password,
    string? NamePattern,
    string? LibvirtXml,
    bool? AnnotateLibvirt,
    bool ConvertingOldCapture);
