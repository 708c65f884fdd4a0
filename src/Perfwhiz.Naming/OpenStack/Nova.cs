using System.Text.Json;

namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// The servers of every project: <c>GET &lt;compute&gt;/servers/detail?all_tenants=1</c>, page after
/// page. Each next page is asked of the catalog's compute endpoint with the query (the marker) of
/// Nova's <c>servers_links</c> rel=next link, as novaclient pages, never at the link's own scheme
/// and host: a Nova behind a TLS-terminating proxy links to <c>http://</c> or an inner host, and
/// the token must not follow it there.
/// </summary>
internal static class Nova
{
    private const string Service = "Nova";

    /// <param name="http">The exchange.</param>
    /// <param name="compute">The compute endpoint from the catalog.</param>
    /// <param name="token">The Keystone token.</param>
    /// <param name="servers">Receives the servers page by page, each once, so a failure keeps those already read.</param>
    /// <param name="cancellation">The deadline and the caller's cancellation.</param>
    public static async Task ListServersAsync(OpenStackHttp http, Uri compute, string token, List<VmIdentity> servers, CancellationToken cancellation)
    {
        var pages = $"{compute.AbsoluteUri.TrimEnd('/')}/servers/detail";
        Uri? page = new($"{pages}?all_tenants=1");
        var markers = new HashSet<string>(StringComparer.Ordinal);
        var read = new HashSet<Guid>();
        while (page is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Add("X-Auth-Token", token);
            var (answer, _) = await http.SendAsync(request, Service, cancellation).ConfigureAwait(false);
            using (answer)
            {
                if (JsonFields.Member(answer.RootElement, "servers") is not { ValueKind: JsonValueKind.Array } list)
                {
                    throw http.Malformed(Service, "no servers list");
                }

                servers.AddRange(list.EnumerateArray().Select(server => Server(server, http)).Where(server => read.Add(server.Uuid)));
                page = NextPage(answer.RootElement, pages, markers, http);
            }
        }
    }

    private static VmIdentity Server(JsonElement server, OpenStackHttp http)
    {
        var id = JsonFields.Text(server, "id");
        if (!Guid.TryParse(id, out var uuid))
        {
            throw http.Malformed(Service, $"a server id '{id}' that is not a UUID");
        }

        var name = JsonFields.Text(server, "name") ?? throw http.Malformed(Service, $"the server {id} has no name");

        // Before microversion 2.47 the flavor is a reference (id); since, a copy with its original_name.
        var flavor = JsonFields.Member(server, "flavor") is { } flavorElement
            ? JsonFields.Text(flavorElement, "original_name") ?? JsonFields.Text(flavorElement, "id")
            : null;
        return new VmIdentity(uuid, name, null, flavor, JsonFields.Text(server, "tenant_id"));
    }

    /// <returns>The endpoint's servers/detail with the next link's query; null on the last page.</returns>
    private static Uri? NextPage(JsonElement answer, string pages, HashSet<string> markers, OpenStackHttp http)
    {
        var next = JsonFields.Member(answer, "servers_links") is { ValueKind: JsonValueKind.Array } links
            ? links.EnumerateArray().Where(link => JsonFields.Text(link, "rel") == "next").Select(link => JsonFields.Text(link, "href")).FirstOrDefault()
            : null;
        if (next is null)
        {
            return null;
        }

        // Relative or absolute, only the link's query is kept; its marker is the last server read.
        var query = Uri.TryCreate(new Uri(pages), next, out var link) ? link.Query : string.Empty;
        var marker = query.TrimStart('?').Split('&').Select(Uri.UnescapeDataString).FirstOrDefault(parameter => parameter.StartsWith("marker=", StringComparison.Ordinal));
        if (marker is null)
        {
            throw http.Malformed(Service, $"the next link {next} has no marker");
        }

        return markers.Add(marker)
            ? new Uri(pages + query)
            : throw http.Malformed(Service, $"the next link {next} leads back to a page already read ({marker})");
    }
}
