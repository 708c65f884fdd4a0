using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Perfwhiz.Naming;
using Perfwhiz.Naming.OpenStack;
using Perfwhiz.Tests.Cdict;

namespace Perfwhiz.Tests.Cloud;

/// <summary>
/// The OpenStack exchange against <see cref="OpenStackStandIn"/>, a local stand-in for a cloud:
/// login, catalog, pagination, and each failure as one line that never holds the password.
/// </summary>
[Trait("Kind", "process")]
public sealed class OpenStackStandInTests : IDisposable
{
    private const string Password = "Tr0ub4dor&3-stand-in-secret";
    private readonly TemporaryDirectory folder = new();

    // Everything the library said in a test, for the password scan.
    private readonly List<string> said = [];

    [Fact]
    public async Task ListsTheServersOfEveryPageFromTheComputeEndpointOfTheCatalog()
    {
        await using var cloud = new OpenStackStandIn(Password);

        var result = await ListAsync(Credentials(cloud.AuthUrlV3));

        Assert.Null(result.Failure);
        Assert.Equal(
            [
                ("5c0b3a1e-8f4d-4e2a-9b7c-1d2e3f405a6b", "ESC_Day0-3__62940__MT__MTPerftest_FULL_01ESC_Day0-31.1__0__CSR__0", "vnf.medium"),
                ("7d9e1f20-3a4b-4c5d-8e6f-708192a3b4c5", "firewall-chain-3", "vnf.small"),
                ("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", "ESC_Day0-3__62940__MT__MTPerftest_FULL_12ESC_Day0-31.1__0__VPC__0", "vnf.large"),
            ],
            result.Vms.Select(vm => (vm.Uuid.ToString(), vm.Name, vm.Flavor!)));
        Assert.All(result.Vms, vm => Assert.Null(vm.Pid));
        Assert.Equal("0a1b2c3d4e5f46a7b8c9d0e1f2a3b4c5", result.Vms[0].Project);

        // Keystone got a v3 password login scoped to the project; Nova got the token on both pages.
        var (method, target, headers, body) = cloud.Requests[0];
        Assert.Equal(("POST", "/identity/v3/auth/tokens", "application/json"), (method, target, headers["content-type"]));
        Assert.Contains("\"methods\":[\"password\"]", body, StringComparison.Ordinal);
        Assert.Contains("\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}", body, StringComparison.Ordinal);
        Assert.Equal(
            ["/compute/v2.1/servers/detail?all_tenants=1", "/compute/v2.1/servers/detail?all_tenants=1&limit=2&marker=7d9e1f20-3a4b-4c5d-8e6f-708192a3b4c5"],
            cloud.Requests.Skip(1).Select(request => request.Target));
        Assert.All(cloud.Requests.Skip(1), request => Assert.Equal(OpenStackStandIn.Token, request.Headers["x-auth-token"]));
    }

    [Fact]
    public async Task TheNamePatternTurnsTheServerNamesIntoFunctionAndChain()
    {
        await using var cloud = new OpenStackStandIn(Password);

        var result = await ListAsync(Credentials(cloud.AuthUrlV3));
        var names = result.NamesByUuid(VmNameRule.Parse(VmNameRuleTests.OriginalLabPattern));

        Assert.Equal("CSR.01", names[Guid.Parse("5c0b3a1e-8f4d-4e2a-9b7c-1d2e3f405a6b")]);
        Assert.Equal("firewall-chain-3", names[Guid.Parse("7d9e1f20-3a4b-4c5d-8e6f-708192a3b4c5")]);
        Assert.Equal("VPC.12", names[Guid.Parse("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d")]);
    }

    [Fact]
    public async Task RegionAndInterfaceChooseTheComputeEndpoint()
    {
        await using var cloud = new OpenStackStandIn(Password);

        var regionTwo = await ListAsync(Credentials(cloud.AuthUrlV3, ("OS_REGION_NAME", "RegionTwo")));
        var internalOne = await ListAsync(Credentials(cloud.AuthUrlV3, ("OS_INTERFACE", "internal")));

        Assert.Null(regionTwo.Failure);
        Assert.Equal(["router-region-two"], regionTwo.Vms.Select(vm => vm.Name));
        Assert.Equal("/region-two/compute/v2.1/servers/detail?all_tenants=1", cloud.Requests[1].Target);
        // The stand-in serves no internal endpoint: it answers 404.
        Assert.Equal($"OpenStack: Nova at {cloud.Base}/internal/compute/v2.1/servers/detail?all_tenants=1 answered 404 Not Found", internalOne.Failure);
    }

    [Fact]
    public async Task TheFirstOfTheCloudsYamlRegionsNamesTheVmsUnlessOsRegionNameSaysOtherwise()
    {
        await using var cloud = new OpenStackStandIn(Password);
        var path = folder.File("clouds.yaml");
        await File.WriteAllTextAsync(path, $"clouds:\n  two-regions:\n    auth: {{auth_url: '{cloud.AuthUrlV3}', username: admin, project_name: admin, password: '{Password}'}}\n    regions: [RegionTwo, RegionOne]\n");

        var first = await ListAsync(OpenStackCredentials.Resolve(null, "two-regions", null, new Dictionary<string, string>(), _ => null, [path])!);
        var chosen = await ListAsync(OpenStackCredentials.Resolve(null, "two-regions", null, new Dictionary<string, string> { ["OS_REGION_NAME"] = "RegionOne" }, _ => null, [path])!);

        Assert.Equal(["router-region-two"], first.Vms.Select(vm => vm.Name));
        Assert.Equal(3, chosen.Vms.Count);
    }

    [Fact]
    public async Task TheTokenStaysOnTlsWhenNovaLinksItsNextPageAtHttp()
    {
        using var certificates = new StandInCertificates(folder.Path);
        var plain = new TcpListener(IPAddress.Loopback, 0);
        plain.Start();
        try
        {
            // Nova behind a TLS-terminating proxy: its next link says http:// and another port.
            await using var cloud = new OpenStackStandIn(Password, certificates.Server) { NextLink = $"http://127.0.0.1:{((IPEndPoint)plain.LocalEndpoint).Port}/compute/v2.1/servers/detail?all_tenants=1&limit=2&marker={{{{marker}}}}" };

            var result = await ListAsync(Credentials(cloud.AuthUrlV3, ("OS_CACERT", certificates.AuthorityPemFile)), TimeSpan.FromSeconds(5));

            Assert.False(plain.Pending(), "the http listener was connected to");
            Assert.Null(result.Failure);
            Assert.Equal(3, result.Vms.Count);
            Assert.Equal("/compute/v2.1/servers/detail?all_tenants=1&limit=2&marker=7d9e1f20-3a4b-4c5d-8e6f-708192a3b4c5", cloud.Requests[^1].Target);
            Assert.Equal(OpenStackStandIn.Token, cloud.Requests[^1].Headers["x-auth-token"]);
        }
        finally
        {
            plain.Stop();
        }
    }

    [Theory]
    [InlineData("http://nova-api.internal.invalid:8774/v2.1/servers/detail?all_tenants=1&limit=2&marker={{marker}}")]
    [InlineData("/v2.1/servers/detail?all_tenants=1&limit=2&marker={{marker}}")]
    public async Task ANextLinkAtAnotherHostOrPathIsAskedOfTheCatalogsEndpoint(string nextLink)
    {
        await using var cloud = new OpenStackStandIn(Password) { NextLink = nextLink };

        var result = await ListAsync(Credentials(cloud.AuthUrlV3));

        Assert.Null(result.Failure);
        Assert.Equal(3, result.Vms.Count);
    }

    [Fact]
    public async Task ANextLinkWithoutAMarkerIsOneLineAndKeepsTheFirstPage()
    {
        await using var cloud = new OpenStackStandIn(Password) { NextLink = "https://127.0.0.1:1/compute/v2.1/servers/detail?page=2" };

        var result = await ListAsync(Credentials(cloud.AuthUrlV3));

        Assert.Equal(2, result.Vms.Count);
        Assert.Equal(
            $"OpenStack: the answer of Nova at {cloud.Base}/compute/v2.1/servers/detail?all_tenants=1 is not as the API describes it: the next link https://127.0.0.1:1/compute/v2.1/servers/detail?page=2 has no marker",
            result.Failure);
        Assert.Equal(2, cloud.Requests.Count);
    }

    [Fact]
    public async Task APaginationLoopIsOneLineAndCountsEachServerOnce()
    {
        await using var cloud = new OpenStackStandIn(Password) { NextLinkLoops = true };
        var warnings = new StringWriter();

        var result = await ListAsync(Credentials(cloud.AuthUrlV3));
        CloudNameSources.Warn(result, warnings);

        Assert.Equal(3, result.Vms.Count);
        Assert.Equal(
            $"perfcap: warning: OpenStack: the answer of Nova at {cloud.Base}/compute/v2.1/servers/detail?all_tenants=1&limit=2&marker=5c0b3a1e-8f4d-4e2a-9b7c-1d2e3f405a6b is not as the API describes it: "
            + $"the next link {cloud.Base}/compute/v2.1/servers/detail?all_tenants=1&limit=2&marker=5c0b3a1e-8f4d-4e2a-9b7c-1d2e3f405a6b leads back to a page already read (marker=5c0b3a1e-8f4d-4e2a-9b7c-1d2e3f405a6b); naming from the 3 VMs read before",
            warnings.ToString().Trim());
    }

    [Fact]
    public async Task KeystoneV2IsUsedWhenTheAuthUrlIsV2()
    {
        await using var cloud = new OpenStackStandIn(Password);

        var result = await ListAsync(Credentials(cloud.AuthUrlV2));

        Assert.Null(result.Failure);
        Assert.Equal(3, result.Vms.Count);
        Assert.Equal("/identity/v2.0/tokens", cloud.Requests[0].Target);
        Assert.Contains("\"passwordCredentials\":{\"username\":\"admin\"", cloud.Requests[0].Body, StringComparison.Ordinal);
        Assert.Equal("gAAAAABl7v2aTokenForV2", cloud.Requests[1].Headers["x-auth-token"]);
    }

    [Fact]
    public async Task RefusedCredentialsAreOneLine()
    {
        await using var cloud = new OpenStackStandIn("another password");

        var result = await ListAsync(Credentials(cloud.AuthUrlV3));

        Assert.Empty(result.Vms);
        Assert.Equal($"OpenStack: Keystone at {cloud.AuthUrlV3}/auth/tokens answered 401 Unauthorized: the user name, password, domain or project were refused", result.Failure);
    }

    [Fact]
    public async Task ACatalogWithoutComputeIsOneLine()
    {
        await using var cloud = new OpenStackStandIn(Password) { CatalogWithoutCompute = true };

        var result = await ListAsync(Credentials(cloud.AuthUrlV3));

        Assert.Equal($"OpenStack: the service catalog from {cloud.AuthUrlV3}/auth/tokens has no compute endpoint for the public interface", result.Failure);
    }

    [Fact]
    public async Task ASlowCloudIsCutOffAtTheTimeout()
    {
        await using var cloud = new OpenStackStandIn(Password) { Delay = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();

        var result = await ListAsync(Credentials(cloud.AuthUrlV3), TimeSpan.FromMilliseconds(400));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal($"OpenStack: no answer from {cloud.AuthUrlV3}/auth/tokens within 0.4 s (timeout)", result.Failure);
    }

    [Fact]
    public async Task AnUnreachableCloudIsOneLine()
    {
        var port = UnusedPort();

        var result = await ListAsync(Credentials($"http://127.0.0.1:{port}/identity/v3"));

        Assert.Equal($"OpenStack: cannot reach Keystone at http://127.0.0.1:{port}/identity/v3/auth/tokens (Connection refused)", result.Failure);
    }

    [Fact]
    public async Task AnAnswerThatIsNotJsonIsOneLine()
    {
        await using var cloud = new OpenStackStandIn(Password) { AnswersGarbage = true };

        var result = await ListAsync(Credentials(cloud.AuthUrlV3));

        Assert.StartsWith($"OpenStack: the answer of Keystone at {cloud.AuthUrlV3}/auth/tokens is not JSON (", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUntrustedCertificateIsATlsFailureAndOsCacertTrustsIt()
    {
        using var certificates = new StandInCertificates(folder.Path);
        await using var cloud = new OpenStackStandIn(Password, certificates.Server);

        var untrusted = await ListAsync(Credentials(cloud.AuthUrlV3));
        var trusted = await ListAsync(Credentials(cloud.AuthUrlV3, ("OS_CACERT", certificates.AuthorityPemFile)));

        Assert.Equal(
            $"OpenStack: TLS failure with Keystone at {cloud.AuthUrlV3}/auth/tokens: its certificate (CN=127.0.0.1) is not trusted (PartialChain): give its CA bundle with OS_CACERT (clouds.yaml: cacert)",
            untrusted.Failure);
        Assert.Null(trusted.Failure);
        Assert.Equal(3, trusted.Vms.Count);
        Assert.StartsWith("https://127.0.0.1:", cloud.Base, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsToAServerWithoutTlsSaysTheHandshakeFailedAndWhere()
    {
        // A plain HTTP server answers a TLS hello with 400 Bad Request and closes.
        var plain = new TcpListener(IPAddress.Loopback, 0);
        plain.Start();
        var host = $"127.0.0.1:{((IPEndPoint)plain.LocalEndpoint).Port}";
        var serving = Task.Run(async () =>
        {
            using var client = await plain.AcceptTcpClientAsync().ConfigureAwait(false);
            var stream = client.GetStream();
            var hello = await stream.ReadAtLeastAsync(new byte[4096], 1, throwOnEndOfStream: false).ConfigureAwait(false);
            Assert.True(hello > 0);
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray()).ConfigureAwait(false);
        });

        var result = await ListAsync(Credentials($"https://{host}/identity/v3"), TimeSpan.FromSeconds(5));
        await serving;
        plain.Stop();

        var failure = result.Failure ?? string.Empty;
        Assert.True(failure.StartsWith($"OpenStack: TLS failure with Keystone at https://{host}/identity/v3/auth/tokens: the TLS handshake with {host} failed before it showed a certificate (", StringComparison.Ordinal), failure);
        Assert.EndsWith($"): does {host} serve https?", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("An error occurred while sending the request", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpToATlsServerSaysItClosedAndAsksForHttps()
    {
        using var certificates = new StandInCertificates(folder.Path);
        await using var tlsCloud = new OpenStackStandIn(Password, certificates.Server);
        var httpUrl = tlsCloud.AuthUrlV3.Replace("https://", "http://", StringComparison.Ordinal);
        var host = new Uri(httpUrl).Authority;

        var result = await ListAsync(Credentials(httpUrl), TimeSpan.FromSeconds(5));

        Assert.True(result.Failure?.StartsWith($"OpenStack: Keystone at {httpUrl}/auth/tokens closed the connection without an answer (", StringComparison.Ordinal), result.Failure);
        Assert.EndsWith($"): does {host} serve http, or only https?", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyFalseIsSaidToBeUnsupportedWhenTheCertificateIsNotTrusted()
    {
        using var certificates = new StandInCertificates(folder.Path);
        await using var cloud = new OpenStackStandIn(Password, certificates.Server);
        var path = folder.File("clouds.yaml");
        await File.WriteAllTextAsync(path, $"clouds:\n  lab:\n    verify: false\n    auth: {{auth_url: '{cloud.AuthUrlV3}', username: admin, project_name: admin, password: '{Password}'}}\n");

        var result = await ListAsync(OpenStackCredentials.Resolve(null, "lab", null, new Dictionary<string, string>(), _ => null, [path])!);

        Assert.Equal(
            $"OpenStack: TLS failure with Keystone at {cloud.AuthUrlV3}/auth/tokens: verify: false is not supported (perfwhiz always checks certificates), and its certificate (CN=127.0.0.1) is signed by no CA of the system (PartialChain): give its CA bundle with cacert (OS_CACERT)",
            result.Failure);
    }

    [Fact]
    public async Task ACaBundleThatIsNotPemIsOneLine()
    {
        await using var cloud = new OpenStackStandIn(Password);
        var bundle = folder.File("not-a-bundle.pem");
        await File.WriteAllTextAsync(bundle, "not a certificate\n");

        var result = await ListAsync(Credentials(cloud.AuthUrlV3, ("OS_CACERT", bundle)));

        Assert.Equal($"OpenStack: the CA bundle {bundle} (OS_CACERT) holds no PEM certificate", result.Failure);
    }

    [Fact]
    public async Task CancellingTheCallerStopsTheExchange()
    {
        await using var cloud = new OpenStackStandIn(Password) { Delay = TimeSpan.FromSeconds(30) };
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => OpenStackServerList.ListAsync(Credentials(cloud.AuthUrlV3), TimeSpan.FromSeconds(20), cancellation.Token));
    }

    [Fact]
    public async Task ThePasswordIsInNothingTheLibrarySaysWhateverTheOutcome()
    {
        using var certificates = new StandInCertificates(folder.Path);
        await using var cloud = new OpenStackStandIn(Password);
        await using var refusing = new OpenStackStandIn("another password");
        await using var noCompute = new OpenStackStandIn(Password) { CatalogWithoutCompute = true };
        await using var garbage = new OpenStackStandIn(Password) { AnswersGarbage = true };
        await using var slow = new OpenStackStandIn(Password) { Delay = TimeSpan.FromSeconds(30) };
        await using var tls = new OpenStackStandIn(Password, certificates.Server);

        var results = new[]
        {
            await ListAsync(Credentials(cloud.AuthUrlV3)),
            await ListAsync(Credentials(cloud.AuthUrlV2)),
            await ListAsync(Credentials(refusing.AuthUrlV3)),
            await ListAsync(Credentials(noCompute.AuthUrlV3)),
            await ListAsync(Credentials(garbage.AuthUrlV3)),
            await ListAsync(Credentials(slow.AuthUrlV3), TimeSpan.FromMilliseconds(300)),
            await ListAsync(Credentials(tls.AuthUrlV3)),
            await ListAsync(Credentials($"http://127.0.0.1:{UnusedPort()}/identity/v3")),
        };
        var incomplete = Assert.Throws<UnusableSourceException>(() =>
            OpenStackCredentials.Resolve(null, null, Password, new Dictionary<string, string> { ["OS_AUTH_URL"] = cloud.AuthUrlV3, ["OS_USERNAME"] = "admin" }, _ => null, []));
        said.Add(incomplete.ToString());

        // The password did go where it belongs (the stand-in logs in only with it)...
        Assert.Equal([null, null], results[..2].Select(result => result.Failure));
        Assert.All(results[2..], result => Assert.NotNull(result.Failure));

        // ...and nowhere else: not in a result, a failure line, a VM, the credentials' text or an error.
        Assert.All(said, text => Assert.DoesNotContain(Password, text, StringComparison.Ordinal));
        Assert.All(said, text => Assert.DoesNotContain("Tr0ub4dor", text, StringComparison.Ordinal));
    }

    public void Dispose() => folder.Dispose();

    private OpenStackCredentials Credentials(string authUrl, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string>
        {
            ["OS_AUTH_URL"] = authUrl,
            ["OS_USERNAME"] = OpenStackStandIn.Username,
            ["OS_PROJECT_NAME"] = OpenStackStandIn.ProjectName,
            ["OS_PASSWORD"] = Password,
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        var credentials = OpenStackCredentials.Resolve(null, null, null, environment, _ => null, [])!;
        said.Add(credentials.ToString());
        return credentials;
    }

    private async Task<VmSourceResult> ListAsync(OpenStackCredentials credentials, TimeSpan? timeout = null)
    {
        var result = await OpenStackServerList.ListAsync(credentials, timeout ?? OpenStackServerList.DefaultTimeout, CancellationToken.None).ConfigureAwait(false);
        said.Add(result.ToString());
        said.Add(result.Failure ?? string.Empty);
        said.AddRange(result.Vms.Select(vm => vm.ToString()));
        return result;
    }

    private static int UnusedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
