using Perfwhiz.Naming;
using Perfwhiz.Naming.OpenStack;
using Perfwhiz.Tests.Cdict;

namespace Perfwhiz.Tests.Cloud;

/// <summary>
/// Which name-source problems are the user's mistake (refused before any work) and which only cost
/// the source (one warning line before recording, the others go on).
/// </summary>
[Trait("Kind", "unit")]
public sealed class CloudNameSourcesTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void OsCloudAloneWithACloudsYamlItCannotReadIsAWarningAndNoSource()
    {
        var path = folder.File("clouds.yaml");
        File.WriteAllText(path, "clouds:\n  lab:\n    <<: *undefined\n");
        var warnings = new StringWriter();

        var sources = Prepare(new Dictionary<string, string> { ["OS_CLOUD"] = "lab" }, [path], warnings);

        Assert.False(sources.Any);
        Assert.True(warnings.ToString().StartsWith($"perfcap: warning: OpenStack: {path}, line 3: ", StringComparison.Ordinal), warnings.ToString());
        Assert.EndsWith("; going on without it" + Environment.NewLine, warnings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnusableOpenStackLeavesTheLibvirtFolderInUse()
    {
        var warnings = new StringWriter();
        var settings = Settings() with { LibvirtXml = Fixtures.Path("libvirt/domains") };

        var sources = CloudNameSources.Prepare(settings, warnings, () => throw new UnusableSourceException("no password for admin (x)"));

        Assert.True(sources.Any);
        Assert.Equal("perfcap: warning: OpenStack: no password for admin (x); going on without it" + Environment.NewLine, warnings.ToString());
    }

    [Fact]
    public void ALibvirtFolderWhoseFileIsNotADomainIsAWarning()
    {
        var domains = Directory.CreateDirectory(folder.File("domains")).FullName;
        File.WriteAllText(Path.Combine(domains, "broken.xml"), "<domain><name>x</name>");
        var warnings = new StringWriter();

        var sources = CloudNameSources.Prepare(Settings() with { LibvirtXml = domains }, warnings, () => null);

        Assert.False(sources.Any);
        Assert.StartsWith($"perfcap: warning: libvirt: {Path.Combine(domains, "broken.xml")}: not well-formed XML (", warnings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnOpenrcAndACloudTogetherAreTheUsersMistake()
    {
        var settings = Settings() with { OpenRc = "admin-openrc.sh", OsCloud = "lab" };

        Assert.Throws<PerfwhizException>(() => CloudNameSources.Prepare(settings, TextWriter.Null, () => OpenStackCredentials.Resolve(settings.OpenRc, settings.OsCloud, null, new Dictionary<string, string>(), _ => null, [])));
    }

    private static NameSourceSettings Settings() => new(null, null, null, null, null, AnnotateLibvirt: false, ConvertingOldCapture: false);

    private static CloudNameSources Prepare(Dictionary<string, string> environment, IReadOnlyList<string> cloudsYaml, TextWriter warnings) =>
        CloudNameSources.Prepare(Settings(), warnings, () => OpenStackCredentials.Resolve(null, null, null, environment, _ => null, cloudsYaml));
}
