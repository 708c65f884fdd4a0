using System.Net.Http.Headers;
using System.Text.Json;

namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// Password authentication against Keystone: v3 (<c>POST /v3/auth/tokens</c>, token in the
/// X-Subject-Token header) or, when the auth URL is v2.0, <c>POST /v2.0/tokens</c>. Returns the
/// token and the compute endpoint of the service catalog for the region and interface asked.
/// </summary>
internal static class Keystone
{
    private const string Service = "Keystone";

    public static async Task<(string Token, Uri Compute)> AuthenticateAsync(OpenStackHttp http, OpenStackCredentials credentials, CancellationToken cancellation)
    {
        var v3 = credentials.Version == IdentityVersion.V3;
        var body = v3 ? V3Request(credentials) : V2Request(credentials);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Combine(credentials.AuthUrl, v3 ? "auth/tokens" : "tokens"))
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            var (answer, headers) = await http.SendAsync(request, Service, cancellation).ConfigureAwait(false);
            using (answer)
            {
                return v3 ? V3Answer(http, credentials, answer.RootElement, headers) : V2Answer(http, credentials, answer.RootElement);
            }
        }
        finally
        {
            Array.Clear(body); // the password leaves no copy behind in this buffer
        }
    }

    private static Uri Combine(Uri baseUrl, string relative) => new($"{baseUrl.AbsoluteUri.TrimEnd('/')}/{relative}");

    private static byte[] V3Request(OpenStackCredentials credentials) => Json(writer =>
    {
        writer.WriteStartObject("auth");
        writer.WriteStartObject("identity");
        writer.WriteStartArray("methods");
        writer.WriteStringValue("password");
        writer.WriteEndArray();
        writer.WriteStartObject("password");
        writer.WriteStartObject("user");
        if (credentials.UserId is not null && credentials.Username is null)
        {
            writer.WriteString("id", credentials.UserId);
        }
        else
        {
            writer.WriteString("name", credentials.Username);
            WriteDomain(writer, credentials.UserDomainName, credentials.UserDomainId);
        }

        writer.WriteString("password", credentials.Password);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("scope");
        writer.WriteStartObject("project");
        if (credentials.ProjectId is not null)
        {
            writer.WriteString("id", credentials.ProjectId);
        }
        else
        {
            writer.WriteString("name", credentials.ProjectName);
            WriteDomain(writer, credentials.ProjectDomainName, credentials.ProjectDomainId);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private static void WriteDomain(Utf8JsonWriter writer, string? name, string? id)
    {
        writer.WriteStartObject("domain");
        if (id is not null)
        {
            writer.WriteString("id", id);
        }
        else
        {
            writer.WriteString("name", name);
        }

        writer.WriteEndObject();
    }

    private static byte[] V2Request(OpenStackCredentials credentials) => Json(writer =>
    {
        writer.WriteStartObject("auth");
        writer.WriteStartObject("passwordCredentials");
        writer.WriteString("username", credentials.Username);
        writer.WriteString("password", credentials.Password);
        writer.WriteEndObject();
        if (credentials.ProjectId is not null)
        {
            writer.WriteString("tenantId", credentials.ProjectId);
        }
        else
        {
            writer.WriteString("tenantName", credentials.ProjectName);
        }

        writer.WriteEndObject();
    });

    private static byte[] Json(Action<Utf8JsonWriter> writeMembers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        var bytes = buffer.ToArray();
        Array.Clear(buffer.GetBuffer());
        return bytes;
    }

    private static (string, Uri) V3Answer(OpenStackHttp http, OpenStackCredentials credentials, JsonElement answer, HttpResponseHeaders headers)
    {
        var token = headers.TryGetValues("X-Subject-Token", out var values) ? values.FirstOrDefault() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw http.Malformed(Service, "no X-Subject-Token header");
        }

        var catalog = Member(answer, http, "token", "catalog");
        var endpoints = Services(catalog, http)
            .Where(service => JsonFields.Text(service, "type") == "compute")
            .SelectMany(service => Items(service, "endpoints", http))
            .Where(endpoint => JsonFields.Text(endpoint, "interface") == credentials.Interface
                && (credentials.RegionName is null || JsonFields.Text(endpoint, "region_id") == credentials.RegionName || JsonFields.Text(endpoint, "region") == credentials.RegionName))
            .Select(endpoint => JsonFields.Text(endpoint, "url"));
        return (token, ComputeUrl(http, credentials, endpoints));
    }

    private static (string, Uri) V2Answer(OpenStackHttp http, OpenStackCredentials credentials, JsonElement answer)
    {
        var token = JsonFields.Text(Member(answer, http, "access", "token"), "id") ?? throw http.Malformed(Service, "no access.token.id");
        var catalog = Member(answer, http, "access", "serviceCatalog");
        var endpoints = Services(catalog, http)
            .Where(service => JsonFields.Text(service, "type") == "compute")
            .SelectMany(service => Items(service, "endpoints", http))
            .Where(endpoint => credentials.RegionName is null || JsonFields.Text(endpoint, "region") == credentials.RegionName)
            .Select(endpoint => JsonFields.Text(endpoint, credentials.Interface + "URL"));
        return (token, ComputeUrl(http, credentials, endpoints));
    }

    private static Uri ComputeUrl(OpenStackHttp http, OpenStackCredentials credentials, IEnumerable<string?> urls)
    {
        var url = urls.FirstOrDefault(candidate => candidate is not null)
            ?? throw new OpenStackFailure($"the service catalog from {http.Current} has no compute endpoint for the {credentials.Interface} interface{(credentials.RegionName is null ? string.Empty : $" in region {credentials.RegionName}")}");
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw http.Malformed(Service, $"the compute endpoint '{url}' is not a URL");
    }

    private static JsonElement Member(JsonElement root, OpenStackHttp http, params string[] path)
    {
        var element = root;
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                throw http.Malformed(Service, $"no {string.Join('.', path)}");
            }
        }

        return element;
    }

    private static JsonElement.ArrayEnumerator Services(JsonElement catalog, OpenStackHttp http) =>
        catalog.ValueKind == JsonValueKind.Array ? catalog.EnumerateArray() : throw http.Malformed(Service, "the catalog is not a list");

    private static JsonElement.ArrayEnumerator Items(JsonElement element, string name, OpenStackHttp http) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : throw http.Malformed(Service, $"a catalog entry without a list of {name}");
}
