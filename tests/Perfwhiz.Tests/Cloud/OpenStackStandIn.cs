using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Perfwhiz.Tests.Cloud;

/// <summary>
/// A stand-in for an OpenStack cloud, which cannot run here: a small HTTP (or HTTPS) server on
/// 127.0.0.1 that answers Keystone v3 and v2.0 password logins and Nova's paginated
/// servers/detail with the API reference's shapes (tests/fixtures/openstack), checking what the
/// client sends as Keystone and Nova would: the credentials, the scope, the token. Nova answers in
/// two regions (RegionOne's three servers on two pages, RegionTwo's one), and can link its next
/// page at another scheme or host, or in a loop.
/// </summary>
internal sealed class OpenStackStandIn : IAsyncDisposable
{
    public const string Username = "admin";
    public const string ProjectName = "admin";
    public const string Token = "gAAAAABl7v2aStandInToken";
    private const string V2Token = "gAAAAABl7v2aTokenForV2";
    private const string FirstServerId = "5c0b3a1e-8f4d-4e2a-9b7c-1d2e3f405a6b";
    private const string PageOneMarker = "7d9e1f20-3a4b-4c5d-8e6f-708192a3b4c5";

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2? certificate;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task serving;
    private readonly string password;

    public OpenStackStandIn(string password, X509Certificate2? certificate = null)
    {
        this.password = password;
        this.certificate = certificate;
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Base = $"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}";
        serving = ServeAsync();
    }

    /// <summary>The stand-in's address: Keystone under /identity, Nova under /compute/v2.1.</summary>
    public string Base { get; }

    public string AuthUrlV3 => Base + "/identity/v3";

    public string AuthUrlV2 => Base + "/identity/v2.0";

    /// <summary>The Keystone catalog has no compute service.</summary>
    public bool CatalogWithoutCompute { get; init; }

    /// <summary>Every answer waits this long first (a cloud that does not answer).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Keystone answers with something that is not JSON.</summary>
    public bool AnswersGarbage { get; init; }

    /// <summary>
    /// The link to Nova's second page that the first gives, instead of its own: at another scheme
    /// or host (a Nova behind a TLS-terminating proxy links to http:// or to its inner host), or
    /// without a marker. <c>{{marker}}</c> is the first page's marker.
    /// </summary>
    public string? NextLink { get; init; }

    /// <summary>Nova's last page links to a next page before it again (a pagination loop).</summary>
    public bool NextLinkLoops { get; init; }

    /// <summary>Every request the stand-in received: method, path and query, headers, body.</summary>
    public List<(string Method, string Target, Dictionary<string, string> Headers, string Body)> Requests { get; } = [];

    /// <summary>Writes an openrc file for the stand-in's admin user at <paramref name="authUrl"/>; returns its path.</summary>
    public static string WriteOpenRc(string path, string authUrl)
    {
        File.WriteAllText(path, $"export OS_AUTH_URL={authUrl}\nexport OS_USERNAME={Username}\nexport OS_PROJECT_NAME={ProjectName}\n");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        try
        {
            await serving.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        var connections = new List<Task>();
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                break;
            }

            connections.Add(HandleAsync(client));
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stopping.Token).ConfigureAwait(false);
                    stream = tls;
                }

                await using (stream.ConfigureAwait(false))
                {
                    var (method, target, headers, body) = await ReadRequestAsync(stream).ConfigureAwait(false);
                    lock (Requests)
                    {
                        Requests.Add((method, target, headers, body));
                    }

                    await Task.Delay(Delay, stopping.Token).ConfigureAwait(false);
                    var (status, answerHeaders, answer) = Answer(method, target, headers, body);
                    await WriteResponseAsync(stream, status, answerHeaders, answer).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or SocketException)
            {
                // The client went away (a refused certificate, a timeout): nothing to answer.
            }
        }
    }

    private (HttpStatusCode, Dictionary<string, string>, string) Answer(string method, string target, Dictionary<string, string> headers, string body)
    {
        var noHeaders = new Dictionary<string, string>();
        if (AnswersGarbage)
        {
            return (HttpStatusCode.OK, noHeaders, "<html><body>Service Unavailable</body></html>");
        }

        switch (method, target)
        {
            case ("POST", "/identity/v3/auth/tokens"):
                return V3Login(body)
                    ? (HttpStatusCode.Created, new Dictionary<string, string> { ["X-Subject-Token"] = Token }, Fixture(CatalogWithoutCompute ? "keystone-v3-token-no-compute.json" : "keystone-v3-token.json"))
                    : Unauthorized();
            case ("POST", "/identity/v2.0/tokens"):
                return V2Login(body) ? (HttpStatusCode.OK, noHeaders, Fixture("keystone-v2-token.json")) : Unauthorized();
            case ("GET", _) when target.StartsWith("/compute/v2.1/servers/detail?", StringComparison.Ordinal):
                if (headers.GetValueOrDefault("x-auth-token") is not (Token or V2Token))
                {
                    return Unauthorized();
                }

                // Marker pagination: the first page links to the rest after its last server.
                return target.Contains("marker=", StringComparison.Ordinal)
                    ? (HttpStatusCode.OK, noHeaders, NextLinkLoops ? WithNextLink(Fixture("nova-servers-detail-page2.json"), FirstServerId) : Fixture("nova-servers-detail-page2.json"))
                    : (HttpStatusCode.OK, noHeaders, NextLink is null ? Fixture("nova-servers-detail-page1.json") : Fixture("nova-servers-detail-page1.json").Replace($"{Base}/compute/v2.1/servers/detail?all_tenants=1&limit=2&marker={PageOneMarker}", NextLink.Replace("{{marker}}", PageOneMarker, StringComparison.Ordinal), StringComparison.Ordinal));
            case ("GET", _) when target.StartsWith("/region-two/compute/v2.1/servers/detail?", StringComparison.Ordinal):
                return headers.GetValueOrDefault("x-auth-token") == Token ? (HttpStatusCode.OK, noHeaders, Fixture("nova-servers-detail-region-two.json")) : Unauthorized();
            default:
                return (HttpStatusCode.NotFound, noHeaders, """{"itemNotFound": {"code": 404, "message": "The resource could not be found."}}""");
        }
    }

    // As Keystone: the user by name in its domain, the password, a project scope.
    private bool V3Login(string body)
    {
        using var request = JsonDocument.Parse(body);
        var auth = request.RootElement.GetProperty("auth");
        var user = auth.GetProperty("identity").GetProperty("password").GetProperty("user");
        var project = auth.GetProperty("scope").GetProperty("project");
        return user.GetProperty("name").GetString() == Username
            && user.GetProperty("domain").TryGetProperty("id", out var domain) && domain.GetString() == "default"
            && user.GetProperty("password").GetString() == password
            && project.GetProperty("name").GetString() == ProjectName;
    }

    private bool V2Login(string body)
    {
        using var request = JsonDocument.Parse(body);
        var auth = request.RootElement.GetProperty("auth");
        var credentials = auth.GetProperty("passwordCredentials");
        return credentials.GetProperty("username").GetString() == Username
            && credentials.GetProperty("password").GetString() == password
            && auth.GetProperty("tenantName").GetString() == ProjectName;
    }

    // A next link whose marker is a server of an earlier page: Nova would serve that page's successors again.
    private string WithNextLink(string page, string marker)
    {
        var answer = JsonNode.Parse(page)!.AsObject();
        answer["servers_links"] = new JsonArray(new JsonObject { ["href"] = $"{Base}/compute/v2.1/servers/detail?all_tenants=1&limit=2&marker={marker}", ["rel"] = "next" });
        return answer.ToJsonString();
    }

    private static (HttpStatusCode, Dictionary<string, string>, string) Unauthorized() =>
        (HttpStatusCode.Unauthorized, new Dictionary<string, string> { ["WWW-Authenticate"] = "Keystone uri=\"http://127.0.0.1/identity\"" },
            """{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}""");

    private string Fixture(string name) =>
        File.ReadAllText(Fixtures.Path($"openstack/{name}")).Replace("{{base}}", Base, StringComparison.Ordinal);

    private static async Task<(string, string, Dictionary<string, string>, string)> ReadRequestAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one).ConfigureAwait(false) == 0)
            {
                throw new IOException("the client closed before its request ended");
            }

            head.Append((char)one[0]);
        }

        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(line => line.Split(':', 2)).ToDictionary(parts => parts[0].Trim().ToLowerInvariant(), parts => parts[1].Trim());
        var body = new byte[int.Parse(headers.GetValueOrDefault("content-length", "0"), System.Globalization.CultureInfo.InvariantCulture)];
        await stream.ReadExactlyAsync(body).ConfigureAwait(false);
        return (requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body));
    }

    private static async Task WriteResponseAsync(Stream stream, HttpStatusCode status, Dictionary<string, string> headers, string body)
    {
        var content = Encoding.UTF8.GetBytes(body);
        var reason = status switch
        {
            HttpStatusCode.Created => "Created",
            HttpStatusCode.Unauthorized => "Unauthorized",
            HttpStatusCode.NotFound => "Not Found",
            _ => "OK",
        };
        var head = new StringBuilder($"HTTP/1.1 {(int)status} {reason}\r\n");
        head.Append("Content-Type: application/json\r\n");
        head.Append($"Content-Length: {content.Length}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append($"{name}: {value}\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString())).ConfigureAwait(false);
        await stream.WriteAsync(content).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
    }
}
