using System.Text.Json;

namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// The servers of every project: <c>GET &lt;compute&gt;/servers/detail?all_tenants=1</c>, following
/// the <c>servers_links</c> rel=next links page after page.
/// </summary>
internal static class Nova
{
    private const string Service = "Nova";

    /// <param name="http">The exchange.</param>
    /// <param name="compute">The compute endpoint from the catalog.</param>
    /// <param name="token">The Keystone token.</param>
    /// <param name="servers">Receives the servers page by page, so a failure keeps those already read.</param>
    /// <param name="cancellation">The deadline and the caller's cancellation.</param>
    public static async Task ListServersAsync(OpenStackHttp http, Uri compute, string token, List<VmIdentity> servers, CancellationToken cancellation)
    {
        Uri? page = new($"{compute.AbsoluteUri.TrimEnd('/')}/servers/detail?all_tenants=1");
        var visited = new HashSet<Uri>();
        while (page is not null)
        {
            if (!visited.Add(page))
            {
                throw http.Malformed(Service, $"the next link {page} points back to a page already read");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Add("X-Auth-Token", token);
            var (answer, _) = await http.SendAsync(request, Service, cancellation).ConfigureAwait(false);
            using (answer)
            {
                if (JsonFields.Member(answer.RootElement, "servers") is not { ValueKind: JsonValueKind.Array } list)
                {
                    throw http.Malformed(Service, "no servers list");
                }

                servers.AddRange(list.EnumerateArray().Select(server => Server(server, http)));
                page = NextPage(answer.RootElement, page);
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

    private static Uri? NextPage(JsonElement answer, Uri page)
    {
        if (JsonFields.Member(answer, "servers_links") is not { ValueKind: JsonValueKind.Array } links)
        {
            return null;
        }

        var next = links.EnumerateArray().Where(link => JsonFields.Text(link, "rel") == "next").Select(link => JsonFields.Text(link, "href")).FirstOrDefault();
        return next is null ? null : new Uri(page, next);
    }
}
