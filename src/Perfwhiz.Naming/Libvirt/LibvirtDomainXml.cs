using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Perfwhiz.Naming.Libvirt;

/// <summary>
/// One libvirt domain description: the <c>&lt;domain&gt;</c> of <c>virsh dumpxml</c> or of a saved
/// file, or the <c>&lt;domstatus pid=...&gt;</c> wrapper libvirt keeps for a running domain under
/// /run/libvirt/qemu. The VM's name is Nova's (<c>&lt;metadata&gt;&lt;nova:instance&gt;&lt;nova:name&gt;</c>,
/// with its flavor and project) when Nova created the domain, else the domain name.
/// </summary>
internal static class LibvirtDomainXml
{
    // Nova versions its metadata namespace (.../nova/1.0, 1.1, 1.2): any version is read.
    private const string NovaNamespacePrefix = "http://openstack.org/xmlns/libvirt/nova/";

    /// <param name="xml">The document.</param>
    /// <param name="origin">Where it came from, for errors.</param>
    /// <exception cref="PerfwhizException">Not well-formed, not a domain, or without a name or a valid uuid.</exception>
    public static VmIdentity Parse(string xml, string origin)
    {
        XElement root;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            root = XDocument.Load(reader).Root!;
        }
        catch (XmlException e)
        {
            throw new PerfwhizException($"{origin}: not well-formed XML ({e.Message})", e);
        }

        var domain = root.Name.LocalName == "domstatus" ? root.Element("domain") : root;
        if (domain?.Name.LocalName != "domain")
        {
            throw new PerfwhizException($"{origin}: not a libvirt domain (the root element is <{root.Name.LocalName}>, not <domain> or <domstatus>)");
        }

        var domainName = domain.Element("name")?.Value.Trim();
        if (string.IsNullOrEmpty(domainName))
        {
            throw new PerfwhizException($"{origin}: the domain has no <name>");
        }

        var uuidText = domain.Element("uuid")?.Value.Trim();
        if (!Guid.TryParse(uuidText, out var uuid))
        {
            throw new PerfwhizException($"{origin}: the domain {domainName} has {(uuidText is null ? "no <uuid>" : $"the <uuid> '{uuidText}', which is not a UUID")}");
        }

        var nova = domain.Element("metadata")?.Elements().FirstOrDefault(element =>
            element.Name.LocalName == "instance" && element.Name.NamespaceName.StartsWith(NovaNamespacePrefix, StringComparison.Ordinal));
        var novaName = NovaChild(nova, "name")?.Value.Trim();
        var flavor = NovaChild(nova, "flavor")?.Attribute("name")?.Value;
        var project = NovaChild(NovaChild(nova, "owner"), "project")?.Value.Trim();
        return new VmIdentity(uuid, string.IsNullOrEmpty(novaName) ? domainName : novaName, Pid(root), flavor, project);
    }

    private static XElement? NovaChild(XElement? parent, string localName) =>
        parent?.Element(parent.Name.Namespace + localName);

    private static int? Pid(XElement root) =>
        int.TryParse(root.Attribute("pid")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
}
