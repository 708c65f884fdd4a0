using Perfwhiz.Naming;
using Perfwhiz.Naming.Libvirt;
using Perfwhiz.Tests.Cdict;

namespace Perfwhiz.Tests.Cloud;

/// <summary>
/// The libvirt source on domain XML written in libvirt's format with Nova metadata: saved files,
/// run-state files, and the real virsh driving libvirt's built-in test driver (no daemon needed).
/// </summary>
[Trait("Kind", "process")]
public sealed class LibvirtDomainsTests : IDisposable
{
    private static readonly (string Uuid, string Name, string? Flavor, string? Project)[] FixtureDomains =
    [
        ("e3a1c5d7-9b2f-4e6a-8c0d-2f4b6d8e0a1c", "build-host", null, null),
        ("5c0b3a1e-8f4d-4e2a-9b7c-1d2e3f405a6b", "ESC_Day0-3__62940__MT__MTPerftest_FULL_01ESC_Day0-31.1__0__CSR__0", "vnf.medium", "nfv-perf"),
        ("7d9e1f20-3a4b-4c5d-8e6f-708192a3b4c5", "firewall-chain-3", "vnf.small", "nfv-perf"),
    ];

    private readonly TemporaryDirectory folder = new();

    [Fact]
    public void SavedDomainsAreNamedByNovaElseByTheirDomainName()
    {
        var result = LibvirtDomains.FromXmlDirectory(Fixtures.Path("libvirt/domains"));

        Assert.Null(result.Failure);
        Assert.Equal($"libvirt XML {Fixtures.Path("libvirt/domains")}", result.Source);
        Assert.Equal(FixtureDomains, result.Vms.Select(vm => (vm.Uuid.ToString(), vm.Name, vm.Flavor, vm.Project)));
        Assert.All(result.Vms, vm => Assert.Null(vm.Pid));
    }

    [Fact]
    public void TheNamePatternAppliesToNovasNames()
    {
        var names = LibvirtDomains.FromXmlDirectory(Fixtures.Path("libvirt/domains")).NamesByUuid(VmNameRule.Parse(VmNameRuleTests.OriginalLabPattern));

        Assert.Equal("CSR.01", names[Guid.Parse("5c0b3a1e-8f4d-4e2a-9b7c-1d2e3f405a6b")]);
        Assert.Equal("build-host", names[Guid.Parse("e3a1c5d7-9b2f-4e6a-8c0d-2f4b6d8e0a1c")]);
    }

    [Fact]
    public void RunStateFilesGiveTheQemuPid()
    {
        var result = LibvirtDomains.FromRunState(Fixtures.Path("libvirt/run"));

        Assert.Null(result.Failure);
        Assert.Equal(
            [("5c0b3a1e-8f4d-4e2a-9b7c-1d2e3f405a6b", "ESC_Day0-3__62940__MT__MTPerftest_FULL_01ESC_Day0-31.1__0__CSR__0", (int?)41327), ("7d9e1f20-3a4b-4c5d-8e6f-708192a3b4c5", "firewall-chain-3", 41388)],
            result.Vms.Select(vm => (vm.Uuid.ToString(), vm.Name, vm.Pid)));
    }

    [Fact]
    public void APidFileBesideASavedDomainIsRead()
    {
        File.Copy(Fixtures.Path("libvirt/domains/instance-0000002b.xml"), folder.File("instance-0000002b.xml"));
        File.WriteAllText(folder.File("instance-0000002b.pid"), "5150\n");

        var vm = Assert.Single(LibvirtDomains.FromXmlDirectory(folder.Path).Vms);

        Assert.Equal(5150, vm.Pid);
    }

    [Fact]
    public void NoRunStateIsAFailureLineNotAnError()
    {
        var result = LibvirtDomains.FromRunState(folder.File("absent"));

        Assert.Empty(result.Vms);
        Assert.Equal($"libvirt: neither virsh nor {folder.File("absent")}: no libvirt domains on this host", result.Failure);
    }

    [Theory]
    [InlineData("<domain><name>x</name><uuid>1234</uuid></domain>", ": the domain x has the <uuid> '1234', which is not a UUID")]
    [InlineData("<domain><name>x</name></domain>", ": the domain x has no <uuid>")]
    [InlineData("<domain><uuid>5c0b3a1e-8f4d-4e2a-9b7c-1d2e3f405a6b</uuid></domain>", ": the domain has no <name>")]
    [InlineData("<network><name>default</name></network>", ": not a libvirt domain (the root element is <network>, not <domain> or <domstatus>)")]
    [InlineData("<domain><name>x</name>", ": not well-formed XML (")]
    [InlineData("<!DOCTYPE domain [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><domain><name>&e;</name></domain>", ": not well-formed XML (")]
    public void ABadSavedDomainMakesTheSourceUnusableInOneLineNamingItsFile(string xml, string message)
    {
        File.Copy(Fixtures.Path("libvirt/domains/build-host.xml"), folder.File("a-good.xml"));
        File.WriteAllText(folder.File("b-bad.xml"), xml);

        var error = Assert.Throws<UnusableSourceException>(() => LibvirtDomains.FromXmlDirectory(folder.Path));

        Assert.StartsWith(folder.File("b-bad.xml") + message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWithoutDomainsIsTheUsersMistake()
    {
        var missing = Assert.Throws<PerfwhizException>(() => LibvirtDomains.FromXmlDirectory(folder.File("absent")));
        var empty = Assert.Throws<PerfwhizException>(() => LibvirtDomains.FromXmlDirectory(folder.Path));

        Assert.Equal($"libvirt XML folder {folder.File("absent")} does not exist", missing.Message);
        Assert.Equal($"libvirt XML folder {folder.Path} holds no .xml file", empty.Message);
    }

    [Fact]
    public async Task VirshListsTheRunningDomainsAndDumpsTheirXml()
    {
        if (ExternalTool.Find("virsh") is not { } virsh)
        {
            ExternalTool.SkipAbsent("virsh (Debian's libvirt-clients)", "the libvirt source through virsh");
            return;
        }

        var result = await LibvirtDomains.FromVirshAsync(virsh, TestDriver(), Fixtures.Path("libvirt/run"), LibvirtDomains.DefaultTimeout, CancellationToken.None);

        Assert.Null(result.Failure);
        Assert.Equal("libvirt (virsh)", result.Source);

        // virsh lists in its own order; each domain keeps its uuid, Nova name and the pid of its run-state file.
        Assert.Equal(
            FixtureDomains.Select(domain => (domain.Uuid, domain.Name, domain.Flavor)).Order(),
            result.Vms.Select(vm => (vm.Uuid.ToString(), vm.Name, vm.Flavor)).Order());
        Assert.Equal(41327, result.Vms.Single(vm => vm.Name.StartsWith("ESC_", StringComparison.Ordinal)).Pid);
        Assert.Null(result.Vms.Single(vm => vm.Name == "build-host").Pid);
    }

    [Fact]
    public async Task AVirshThatCannotConnectIsAFailureLine()
    {
        if (ExternalTool.Find("virsh") is not { } virsh)
        {
            ExternalTool.SkipAbsent("virsh (Debian's libvirt-clients)", "the libvirt source through virsh");
            return;
        }

        var result = await LibvirtDomains.FromVirshAsync(virsh, $"test://{folder.File("no-such-node.xml")}", folder.Path, LibvirtDomains.DefaultTimeout, CancellationToken.None);

        Assert.Empty(result.Vms);
        Assert.Equal($"libvirt: virsh list --name failed: failed to connect to the hypervisor: XML error: failed to parse xml document '{folder.File("no-such-node.xml")}'", result.Failure);
    }

    public void Dispose() => folder.Dispose();

    // libvirt's test driver reads its domains from a node file: the fixtures, through the real virsh.
    private static string TestDriver() => $"test://{Fixtures.Path("libvirt/test-node.xml")}";
}
