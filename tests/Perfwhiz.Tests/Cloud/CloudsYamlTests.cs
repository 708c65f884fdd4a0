using Perfwhiz.Naming;
using Perfwhiz.Naming.OpenStack;
using Perfwhiz.Tests.Cdict;

namespace Perfwhiz.Tests.Cloud;

/// <summary>
/// clouds.yaml read with a real YAML library: the shapes real files use (anchors, aliases, merge
/// keys, flow mappings, block scalars), the region openstacksdk would choose, and the files it
/// cannot use, each one line naming the file and its line.
/// </summary>
[Trait("Kind", "unit")]
public sealed class CloudsYamlTests : IDisposable
{
    // Shared settings under an anchor, merged into two clouds that override some of them.
    private const string AnchorsAndMergeKeys = """
        defaults: &defaults
          auth: &auth
            auth_url: https://keystone.lab.example:5000/v3
            username: perftest
            project_name: nfv-perf
            user_domain_name: Default
          interface: internal
          region_name: RegionOne
        clouds:
          lab:
            <<: *defaults
            interface: public          # the cloud's own key wins over the merged one
          staging:
            <<: [*defaults, {identity_api_version: 3, region_name: NotThisOne}]
            auth:
              <<: *auth
              username: staging-user
            cacert_text: |
              -----BEGIN CERTIFICATE-----
              MIIB
            motd: >
              folded
              text
          flow: {auth: {auth_url: "http://controller:5000/v3", username: admin, project_id: p1}, region_name: RegionTwo}
          quoted:
            "<<": *defaults
        """;

    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void MergeKeysBringTheAnchoredSettingsAndTheCloudsOwnKeysWin()
    {
        var lab = Load("lab", AnchorsAndMergeKeys);

        Assert.Equal("https://keystone.lab.example:5000/v3", lab["OS_AUTH_URL"]);
        Assert.Equal(("perftest", "nfv-perf", "Default"), (lab["OS_USERNAME"], lab["OS_PROJECT_NAME"], lab["OS_USER_DOMAIN_NAME"]));
        Assert.Equal(("public", "RegionOne"), (lab["OS_INTERFACE"], lab["OS_REGION_NAME"]));
    }

    [Fact]
    public void AListOfMergedMappingsIsMergedInOrderAndANestedMergeToo()
    {
        var staging = Load("staging", AnchorsAndMergeKeys);

        // The first mapping of the list wins over the later ones; the cloud's own auth replaces the merged
        // one whole (merges are shallow) and merges the anchored auth itself.
        Assert.Equal(("RegionOne", "3", "internal"), (staging["OS_REGION_NAME"], staging["OS_IDENTITY_API_VERSION"], staging["OS_INTERFACE"]));
        Assert.Equal(("staging-user", "https://keystone.lab.example:5000/v3"), (staging["OS_USERNAME"], staging["OS_AUTH_URL"]));
    }

    [Fact]
    public void BlockScalarsAndFlowMappingsAreYamlsOwn()
    {
        var staging = Load("staging", AnchorsAndMergeKeys);
        var flow = Load("flow", AnchorsAndMergeKeys);

        Assert.Equal("-----BEGIN CERTIFICATE-----\nMIIB\n", staging["OS_CACERT_TEXT"]);
        Assert.Equal("folded text\n", staging["OS_MOTD"]);
        Assert.Equal(("http://controller:5000/v3", "admin", "p1", "RegionTwo"), (flow["OS_AUTH_URL"], flow["OS_USERNAME"], flow["OS_PROJECT_ID"], flow["OS_REGION_NAME"]));
    }

    [Fact]
    public void AQuotedMergeKeyIsAnOrdinaryKey()
    {
        var quoted = Load("quoted", AnchorsAndMergeKeys);

        Assert.DoesNotContain("OS_AUTH_URL", quoted.Keys);
    }

    [Fact]
    public void TheFixtureReadsWithQuotesCommentsAndBothKindsOfRegions()
    {
        var lab = Load("lab", File.ReadAllText(Fixtures.Path("openstack/credentials/clouds.yaml")));
        var legacy = Load("legacy cloud", File.ReadAllText(Fixtures.Path("openstack/credentials/clouds.yaml")));

        Assert.Equal(("perftest", "it's # not a comment", "default"), (lab["OS_USERNAME"], lab["OS_PASSWORD"], lab["OS_PROJECT_DOMAIN_ID"]));
        Assert.Equal(("RegionOne", "internal", "3"), (lab["OS_REGION_NAME"], lab["OS_INTERFACE"], lab["OS_IDENTITY_API_VERSION"]));
        Assert.Equal(("RegionOne", "admin"), (legacy["OS_REGION_NAME"], legacy["OS_TENANT_NAME"]));
    }

    [Theory]
    [InlineData("regions: [RegionTwo, RegionOne]", null, "RegionTwo", "internal")]
    [InlineData("regions:\n      - name: RegionTwo\n        values: {interface: admin}\n      - RegionOne", null, "RegionTwo", "admin")]
    [InlineData("region_name: RegionOne\n    regions: [RegionTwo, RegionOne]", null, "RegionOne", "internal")]
    [InlineData("region_name: RegionOne\n    regions: [RegionOne, {name: RegionTwo, values: {interface: admin}}]", "RegionTwo", "RegionTwo", "admin")]
    [InlineData("region_name: RegionOne", "RegionTwo", "RegionTwo", "internal")]
    public void TheRegionIsOsRegionNameElseRegionNameElseTheFirstOfRegions(string regionSettings, string? osRegionName, string region, string endpointInterface)
    {
        var settings = Load("c", $"clouds:\n  c:\n    auth: {{auth_url: http://controller:5000/v3}}\n    interface: internal\n    {regionSettings}\n", osRegionName);

        Assert.Equal((region, endpointInterface), (settings["OS_REGION_NAME"], settings["OS_INTERFACE"]));
    }

    [Theory]
    [InlineData("clouds:\n  c: {auth: {a: b}\n", "line 3: ")]
    [InlineData("clouds:\n  c:\n    <<: *missing\n", "line 3: ")]
    [InlineData("clouds:\n  c:\n    <<: plain text\n", "line 3: a merge key (<<) must name a mapping (<<: *defaults) or a list of them")]
    [InlineData("clouds:\n  c:\n    a: b\n    a: c\n", "line 4: ")]
    [InlineData("clouds:\n  c:\n    region_name: Nowhere\n    regions: [RegionOne]\n", ": the region 'Nowhere' is not one of the cloud 'c''s regions (RegionOne)")]
    [InlineData("clouds:\n  c:\n    profile: vexxhost\n", "line 3: the cloud 'c' uses a vendor profile, which perfwhiz does not know")]
    [InlineData("clouds: [a, b]\n", ": no 'clouds:' mapping at the top")]
    public void AFileItCannotUseIsOneLineWithItsLine(string text, string message)
    {
        var error = Assert.Throws<UnusableSourceException>(() => Load("c", text));

        var expected = folder.File("clouds.yaml") + (message.StartsWith("line", StringComparison.Ordinal) ? ", " : string.Empty) + message;
        Assert.True(error.Message.StartsWith(expected, StringComparison.Ordinal), error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ACloudNamedOnTheCommandLineThatNoFileHasIsTheUsersMistakeButOneNamedByOsCloudIsAnUnusableSource()
    {
        var path = folder.File("clouds.yaml");
        File.WriteAllText(path, "clouds:\n  lab: {auth: {auth_url: http://controller:5000/v3}}\n");

        var typed = Assert.Throws<PerfwhizException>(() => CloudsYaml.Load("prod", namedOnCommandLine: true, [path], null));
        var fromEnvironment = Assert.Throws<UnusableSourceException>(() => CloudsYaml.Load("prod", namedOnCommandLine: false, [path], null));

        Assert.Equal($"{path}: no cloud named 'prod' (it has lab)", typed.Message);
        Assert.Equal($"{path}: no cloud named 'prod' (it has lab) (OS_CLOUD)", fromEnvironment.Message);
    }

    private Dictionary<string, string> Load(string cloud, string text, string? osRegionName = null)
    {
        var path = folder.File("clouds.yaml");
        File.WriteAllText(path, text);
        return CloudsYaml.Load(cloud, namedOnCommandLine: true, [path], osRegionName).Settings;
    }
}
