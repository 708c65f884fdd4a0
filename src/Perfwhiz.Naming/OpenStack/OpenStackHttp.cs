using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// The HTTP side of the exchange: sends one request, reads its JSON answer, and turns each way it
/// can fail (unreachable, TLS, refused, not JSON) into one <see cref="OpenStackFailure"/> line.
/// Redirects are not followed: a credentials POST must not be replayed to another address.
/// </summary>
internal sealed class OpenStackHttp : IDisposable
{
    private const long MaxAnswerBytes = 64 << 20;

    private readonly CertificateCheck certificates;
    private readonly HttpClient client;

    public OpenStackHttp(CertificateCheck certificates)
    {
        this.certificates = certificates;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = certificates.Validate },
        };

        // The caller's deadline bounds the whole exchange; HttpClient's own timeout would cut it shorter.
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxAnswerBytes };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("perfwhiz", "1"));
    }

    /// <summary>The URL of the request under way or last sent, for the messages.</summary>
    public Uri? Current { get; private set; }

    /// <param name="request">The request; disposed here.</param>
    /// <param name="service">"Keystone" or "Nova", for the messages.</param>
    /// <param name="cancellation">The deadline and the caller's cancellation.</param>
    public async Task<(JsonDocument Body, HttpResponseHeaders Headers)> SendAsync(HttpRequestMessage request, string service, CancellationToken cancellation)
    {
        using (request)
        {
            Current = request.RequestUri;
            certificates.Forget();
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new OpenStackFailure(Unreached(e, service), e);
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw new OpenStackFailure($"{service} at {Current} answered {(int)response.StatusCode} {response.ReasonPhrase}{Explanation(response.StatusCode, service)}");
                }

                try
                {
                    var stream = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        return (await JsonDocument.ParseAsync(stream, cancellationToken: cancellation).ConfigureAwait(false), response.Headers);
                    }
                }
                catch (JsonException e)
                {
                    throw new OpenStackFailure($"the answer of {service} at {Current} is not JSON ({e.Message})", e);
                }
                catch (HttpRequestException e)
                {
                    throw new OpenStackFailure($"the answer of {service} at {Current} broke off ({e.Message})", e);
                }
            }
        }
    }

    /// <summary>A failure for an answer that is JSON but not shaped as the API reference says.</summary>
    public OpenStackFailure Malformed(string service, string what) =>
        new($"the answer of {service} at {Current} is not as the API describes it: {what}");

    public void Dispose() => client.Dispose();

    private static string Explanation(HttpStatusCode status, string service) => status switch
    {
        HttpStatusCode.Unauthorized => service == "Keystone" ? ": the user name, password, domain or project were refused" : ": the token was refused",
        HttpStatusCode.Forbidden => service == "Nova" ? ": listing the servers of all projects (all_tenants) needs the admin role" : ": not allowed",
        _ => string.Empty,
    };

    /// <summary>What failed, in words: the host, the scheme, the certificate; never .NET's "An error occurred while sending the request".</summary>
    private string Unreached(HttpRequestException e, string service)
    {
        var at = $"{service} at {Current}";
        var host = $"{Current?.Host}:{Current?.Port}";
        var reason = Innermost(e).Message.TrimEnd('.');
        if (certificates.Refusal is { } refusal)
        {
            return $"TLS failure with {at}: {refusal}";
        }

        switch (e.HttpRequestError)
        {
            case HttpRequestError.NameResolutionError:
                return $"cannot resolve the host of {at} ({reason})";
            case HttpRequestError.ConnectionError when e.InnerException is SocketException:
                return $"cannot reach {at} ({reason})";
        }

        if (Current?.Scheme == Uri.UriSchemeHttps)
        {
            // No certificate was refused: the handshake itself failed, or the server closed before it ended.
            var presented = certificates.Presented is { } subject ? $"after its certificate ({subject}) was accepted" : "before it showed a certificate";
            return $"TLS failure with {at}: the TLS handshake with {host} failed {presented} ({reason}): does {host} serve https?";
        }

        return $"{at} closed the connection without an answer ({reason}): does {host} serve http, or only https?";
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
