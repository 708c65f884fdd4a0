using Perfwhiz.Naming;
using Perfwhiz.Naming.OpenStack;
using Perfwhiz.Tests.Cdict;

namespace Perfwhiz.Tests.Cloud;

/// <summary>Credentials as the OpenStack tools gather them: openrc files, clouds.yaml, OS_* variables, the password's sources.</summary>
[Trait("Kind", "unit")]
public sealed class OpenStackCredentialsTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    [Fact]
    public void HorizonsOpenrcIsReadAsSourcingItWould()
    {
        var environment = new Dictionary<string, string> { ["OS_TENANT_NAME"] = "stale", ["OS_PASSWORD"] = "from-env", ["HOME"] = "/root" };

        var variables = OpenRcFile.Source(Fixtures.Path("openstack/credentials/admin-openrc.sh"), environment);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["OS_AUTH_URL"] = "https://keystone.example.org:5000/v3",
                ["OS_PROJECT_ID"] = "0a1b2c3d4e5f46a7b8c9d0e1f2a3b4c5",
                ["OS_PROJECT_NAME"] = "admin",
                ["OS_USER_DOMAIN_NAME"] = "Default",
                ["OS_PROJECT_DOMAIN_ID"] = "default",
                ["OS_USERNAME"] = "admin",
                ["OS_PASSWORD"] = "from-env", // "$OS_PASSWORD_INPUT" needs the shell: the environment's stays
                ["OS_REGION_NAME"] = "RegionOne",
                ["OS_INTERFACE"] = "public",
                ["OS_IDENTITY_API_VERSION"] = "3",
            },
            variables);
    }

    [Fact]
    public void SingleQuotedValuesAreLiteralAndCommentsEndAPlainOne()
    {
        var variables = OpenRcFile.Source(Fixtures.Path("openstack/credentials/devstack-openrc.sh"), new Dictionary<string, string>());

        Assert.Equal("p@ss \"quoted\" $not-expanded", variables["OS_PASSWORD"]);
        Assert.Equal("http://controller:5000", variables["OS_AUTH_URL"]);
        Assert.Equal("/etc/kolla/certificates/ca/root.crt", variables["OS_CACERT"]);
    }

    [Theory]
    [InlineData("export OS_USERNAME=\"a\\\"b\\\\c\"", "a\"b\\c")]
    [InlineData("export OS_USERNAME=a\\ b", "a b")]
    [InlineData("export OS_USERNAME=plain; echo done", "plain")]
    [InlineData("export OS_USERNAME='x'\"y\"z", "xyz")]
    public void ShellQuotingIsUndone(string line, string value)
    {
        Assert.Equal(value, OpenRcFile.Source(line, "rc", new Dictionary<string, string>())["OS_USERNAME"]);
    }

    [Fact]
    public void AnUnterminatedQuoteMakesTheSourceUnusableAndNamesItsLine()
    {
        var error = Assert.Throws<UnusableSourceException>(() => OpenRcFile.Source("export OS_USERNAME=admin\nexport OS_PASSWORD=\"open\n", "my-openrc", new Dictionary<string, string>()));

        Assert.Equal("my-openrc, line 2: a quote is not closed on its line", error.Message);
    }

    [Fact]
    public void ResolvedFromAnOpenrcFileWithThePasswordPrompted()
    {
        string? asked = null;

        var credentials = OpenStackCredentials.Resolve(
            Fixtures.Path("openstack/credentials/admin-openrc.sh"), null, null, new Dictionary<string, string>(), prompt => { asked = prompt; return "typed"; }, [])!;

        Assert.Equal("OpenStack password for admin at https://keystone.example.org:5000/v3: ", asked);
        Assert.Equal(IdentityVersion.V3, credentials.Version);
        Assert.Equal(("admin", "Default", null), (credentials.Username, credentials.UserDomainName, credentials.UserDomainId));
        Assert.Equal(("0a1b2c3d4e5f46a7b8c9d0e1f2a3b4c5", "default"), (credentials.ProjectId, credentials.ProjectDomainId));
        Assert.Equal(("RegionOne", "public"), (credentials.RegionName, credentials.Interface));
        Assert.Equal($"admin at https://keystone.example.org:5000/v3 (openrc file {Fixtures.Path("openstack/credentials/admin-openrc.sh")})", credentials.ToString());
    }

    [Fact]
    public void ThePasswordComesFromTheCommandLineThenTheFileThenTheEnvironmentThenThePrompt()
    {
        var rc = folder.File("openrc");
        File.WriteAllText(rc, "export OS_AUTH_URL=http://controller:5000/v3\nexport OS_USERNAME=admin\nexport OS_PROJECT_NAME=admin\nexport OS_PASSWORD=from-file\n");
        var environment = new Dictionary<string, string> { ["OS_PASSWORD"] = "from-env" };
        var prompts = 0;
        string? Prompt(string text)
        {
            prompts++;
            return "typed";
        }

        Assert.Equal("from-option", OpenStackCredentials.Resolve(rc, null, "from-option", environment, Prompt, [])!.Password);
        Assert.Equal("from-file", OpenStackCredentials.Resolve(rc, null, null, environment, Prompt, [])!.Password);
        File.WriteAllText(rc, "export OS_AUTH_URL=http://controller:5000/v3\nexport OS_USERNAME=admin\nexport OS_PROJECT_NAME=admin\n");
        Assert.Equal("from-env", OpenStackCredentials.Resolve(rc, null, null, environment, Prompt, [])!.Password);
        Assert.Equal(0, prompts);
        Assert.Equal("typed", OpenStackCredentials.Resolve(rc, null, null, new Dictionary<string, string>(), Prompt, [])!.Password);
        Assert.Equal(1, prompts);
    }

    [Fact]
    public void WithoutATerminalAMissingPasswordMakesTheSourceUnusable()
    {
        var environment = new Dictionary<string, string> { ["OS_AUTH_URL"] = "http://controller:5000/v3", ["OS_USERNAME"] = "admin", ["OS_PROJECT_NAME"] = "admin" };

        var error = Assert.Throws<UnusableSourceException>(() => OpenStackCredentials.Resolve(null, null, null, environment, _ => null, []));

        Assert.Equal("no password for admin (OS_* environment variables): give -p, set OS_PASSWORD, or run in a terminal to be asked", error.Message);
    }

    [Theory]
    [InlineData("OS_AUTH_URL", "OS_* environment variables: no auth URL (OS_AUTH_URL, or auth_url in clouds.yaml)")]
    [InlineData("OS_USERNAME", "OS_* environment variables: no user name (OS_USERNAME or OS_USER_ID)")]
    [InlineData("OS_PROJECT_NAME", "OS_* environment variables: no project (OS_PROJECT_NAME or OS_PROJECT_ID): listing every project's servers needs a project-scoped token")]
    public void IncompleteSettingsMakeTheSourceUnusableBeforeThePasswordIsAskedFor(string missing, string message)
    {
        var environment = new Dictionary<string, string> { ["OS_CLOUD"] = string.Empty, ["OS_AUTH_URL"] = "http://controller:5000/v3", ["OS_USERNAME"] = "admin", ["OS_PROJECT_NAME"] = "admin" };
        var rc = folder.File("openrc");
        File.WriteAllText(rc, string.Join('\n', environment.Where(variable => variable.Key != missing && variable.Value.Length > 0).Select(variable => $"export {variable.Key}={variable.Value}")));
        var asked = false;

        var error = Assert.Throws<UnusableSourceException>(() => OpenStackCredentials.Resolve(rc, null, null, new Dictionary<string, string>(), _ =>
        {
            asked = true;
            return "typed";
        }, []));

        Assert.Equal(message.Replace("OS_* environment variables", $"openrc file {rc}", StringComparison.Ordinal), error.Message);
        Assert.False(asked);
    }

    [Fact]
    public void NothingAskingForOpenStackGivesNoCredentials()
    {
        Assert.Null(OpenStackCredentials.Resolve(null, null, null, new Dictionary<string, string> { ["HOME"] = "/root", ["OS_PASSWORD"] = "x" }, _ => "typed", []));
    }

    [Fact]
    public void AnOpenrcAndACloudTogetherAreTheUsersMistake()
    {
        var error = Assert.Throws<PerfwhizException>(() => OpenStackCredentials.Resolve("openrc", "lab", null, new Dictionary<string, string>(), _ => null, []));

        Assert.Equal("an openrc file and a clouds.yaml cloud both name OpenStack credentials: give one of them", error.Message);
    }

    [Fact]
    public void AnUnversionedAuthUrlGetsV3AndAV2UrlStaysV2()
    {
        var unversioned = Resolve(("OS_AUTH_URL", "http://controller:5000"));
        var v2 = Resolve(("OS_AUTH_URL", "http://controller:5000/v2.0/"));

        Assert.Equal(("http://controller:5000/v3", IdentityVersion.V3), (unversioned.AuthUrl.AbsoluteUri, unversioned.Version));
        Assert.Equal(IdentityVersion.V2, v2.Version);
    }

    [Fact]
    public void AMissingCaBundleMakesTheSourceUnusable()
    {
        var error = Assert.Throws<UnusableSourceException>(() => Resolve(("OS_CACERT", "/nonexistent/ca.pem")));

        Assert.Equal("OS_* environment variables: the CA bundle /nonexistent/ca.pem (OS_CACERT) does not exist", error.Message);
    }

    [Fact]
    public void ACloudOfCloudsYamlGivesItsAuthAndSettings()
    {
        // The fixture's CA bundle must exist: the copy points at one in the test's folder.
        var bundle = folder.File("lab-ca.pem");
        File.WriteAllText(bundle, string.Empty);
        var path = folder.File("clouds.yaml");
        File.WriteAllText(path, File.ReadAllText(Fixtures.Path("openstack/credentials/clouds.yaml")).Replace("/etc/ssl/lab-ca.pem", bundle, StringComparison.Ordinal));

        var credentials = OpenStackCredentials.Resolve(null, "lab", null, new Dictionary<string, string>(), _ => null, [path]);

        Assert.NotNull(credentials);
        Assert.Equal("https://keystone.lab.example:5000/v3", credentials.AuthUrl.AbsoluteUri);
        Assert.Equal(("perftest", "it's # not a comment", "nfv-perf"), (credentials.Username, credentials.Password, credentials.ProjectName));
        Assert.Equal(("Default", "default"), (credentials.UserDomainName, credentials.ProjectDomainId));
        Assert.Equal(("RegionOne", "internal", bundle), (credentials.RegionName, credentials.Interface, credentials.CaCertificates));
    }

    [Fact]
    public void OsCloudNamesTheCloudAndTheFirstFileOnTheSearchPathIsRead()
    {
        var first = folder.File("clouds.yaml");
        File.WriteAllText(first, "clouds:\n  env-cloud:\n    auth:\n      auth_url: http://controller:5000/v3\n      username: admin\n      project_id: p1\n      password: pw\n");
        var environment = new Dictionary<string, string> { ["OS_CLOUD"] = "env-cloud" };

        var credentials = OpenStackCredentials.Resolve(null, null, null, environment, _ => null, [folder.File("absent.yaml"), first, Fixtures.Path("openstack/credentials/clouds.yaml")])!;

        Assert.Equal(($"{first}, cloud 'env-cloud'", "p1", "pw"), (credentials.Origin, credentials.ProjectId, credentials.Password));
    }

    [Fact]
    public void TheSearchPathIsTheOpenStackToolsOne()
    {
        var environment = new Dictionary<string, string> { ["HOME"] = "/home/perf", ["OS_CLIENT_CONFIG_FILE"] = "/srv/clouds.yaml" };

        Assert.Equal(
            ["/srv/clouds.yaml", "/work/clouds.yaml", "/home/perf/.config/openstack/clouds.yaml", "/etc/openstack/clouds.yaml"],
            OpenStackCredentials.CloudsYamlSearchPath(environment, "/work"));
    }

    [Fact]
    public void AnUnknownOsCloudIsTheUsersMistakeAndListsTheKnownOnes()
    {
        var path = Fixtures.Path("openstack/credentials/clouds.yaml");

        var error = Assert.Throws<PerfwhizException>(() => OpenStackCredentials.Resolve(null, "prod", null, new Dictionary<string, string>(), _ => null, [path]));

        Assert.Equal($"{path}: no cloud named 'prod' (it has lab, legacy cloud)", error.Message);
    }

    [Fact]
    public void AnOsCloudWithNoCloudsYamlIsTheUsersMistakeAndSaysWhereItLooked()
    {
        var error = Assert.Throws<PerfwhizException>(() => OpenStackCredentials.Resolve(null, "lab", null, new Dictionary<string, string>(), _ => null, ["/nonexistent/clouds.yaml"]));

        Assert.Equal("the cloud 'lab' was asked for but there is no clouds.yaml (looked for /nonexistent/clouds.yaml)", error.Message);
    }

    [Fact]
    public void AnAuthTypeOtherThanPasswordMakesTheSourceUnusable()
    {
        var path = folder.File("clouds.yaml");
        File.WriteAllText(path, "clouds:\n  sso:\n    auth_type: v3oidcpassword\n    auth:\n      auth_url: http://controller:5000/v3\n");

        var error = Assert.Throws<UnusableSourceException>(() => OpenStackCredentials.Resolve(null, "sso", null, new Dictionary<string, string>(), _ => null, [path]));

        Assert.Equal($"{path}, line 3: auth_type 'v3oidcpassword' is not supported: perfwhiz authenticates with a password", error.Message);
    }

    [Fact]
    public void AnOpenrcFileThatDoesNotExistIsTheUsersMistake()
    {
        var error = Assert.Throws<PerfwhizException>(() => OpenStackCredentials.Resolve(folder.File("missing-openrc"), null, null, new Dictionary<string, string>(), _ => null, []));

        Assert.StartsWith($"cannot read the openrc file {folder.File("missing-openrc")}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OsCloudWithAFileItCannotReadMakesTheSourceUnusable()
    {
        var path = folder.File("clouds.yaml");
        File.WriteAllText(path, "clouds:\n  lab: {auth: {auth_url: x}\n");

        var error = Assert.Throws<UnusableSourceException>(() => OpenStackCredentials.Resolve(null, null, null, new Dictionary<string, string> { ["OS_CLOUD"] = "lab" }, _ => "typed", [path]));

        Assert.StartsWith($"{path}, line ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OsRegionNameWinsOverTheCloudsRegions()
    {
        var path = folder.File("clouds.yaml");
        File.WriteAllText(path, "clouds:\n  lab:\n    auth: {auth_url: 'http://controller:5000/v3', username: admin, project_name: admin, password: pw}\n    regions: [RegionOne, RegionTwo]\n");

        var first = OpenStackCredentials.Resolve(null, "lab", null, new Dictionary<string, string>(), _ => null, [path])!;
        var chosen = OpenStackCredentials.Resolve(null, "lab", null, new Dictionary<string, string> { ["OS_REGION_NAME"] = "RegionTwo" }, _ => null, [path])!;

        Assert.Equal(("RegionOne", "RegionTwo"), (first.RegionName, chosen.RegionName));
    }

    [Theory]
    [InlineData("clouds.yaml", "verify: false")]
    [InlineData("openrc", "insecure (OS_INSECURE)")]
    public void SkippingTheCertificateChecksIsNoted(string where, string noted)
    {
        var path = folder.File(where);
        File.WriteAllText(path, where == "openrc"
            ? "export OS_AUTH_URL=https://controller:5000/v3\nexport OS_USERNAME=admin\nexport OS_PROJECT_NAME=admin\nexport OS_PASSWORD=pw\nexport OS_INSECURE=true\n"
            : "clouds:\n  lab:\n    verify: false\n    auth: {auth_url: 'https://controller:5000/v3', username: admin, project_name: admin, password: pw}\n");

        var credentials = where == "openrc"
            ? OpenStackCredentials.Resolve(path, null, null, new Dictionary<string, string>(), _ => null, [])!
            : OpenStackCredentials.Resolve(null, "lab", null, new Dictionary<string, string>(), _ => null, [path])!;

        Assert.Equal(noted, credentials.UnsupportedInsecure);
    }

    public void Dispose() => folder.Dispose();

    private static OpenStackCredentials Resolve(params (string Name, string Value)[] settings)
    {
        var environment = new Dictionary<string, string> { ["OS_AUTH_URL"] = "http://controller:5000/v3", ["OS_USERNAME"] = "admin", ["OS_PROJECT_NAME"] = "admin", ["OS_PASSWORD"] = "pw" };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return OpenStackCredentials.Resolve(null, null, null, environment, _ => null, [])!;
    }
}
