namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// The OpenStack name source: logs in to Keystone, finds the compute endpoint, and lists the
/// servers of every project from Nova. Never throws for a cloud that fails (unreachable, TLS,
/// refused, no compute endpoint, timeout, malformed answer): the result carries one line saying
/// so, and the servers read before the failure. Only the caller's own cancellation escapes.
/// </summary>
public static class OpenStackServerList
{
    /// <summary>The default bound on the whole exchange, logging in and every page included.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <param name="credentials">Who to log in as (<see cref="OpenStackCredentials.Resolve"/>).</param>
    /// <param name="timeout">The bound on the whole exchange (<see cref="DefaultTimeout"/>).</param>
    /// <param name="cancellation">The caller's cancellation (Ctrl-C), which is thrown as such.</param>
    public static async Task<VmSourceResult> ListAsync(OpenStackCredentials credentials, TimeSpan timeout, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var source = $"OpenStack {credentials.AuthUrl}";
        var servers = new List<VmIdentity>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        OpenStackHttp? http = null;
        try
        {
            http = new OpenStackHttp(CertificateCheck.For(credentials.CaCertificates, credentials.UnsupportedInsecure));
            var (token, compute) = await Keystone.AuthenticateAsync(http, credentials, deadline.Token).ConfigureAwait(false);
            await Nova.ListServersAsync(http, compute, token, servers, deadline.Token).ConfigureAwait(false);
            return new VmSourceResult(source, servers, null);
        }
        catch (OpenStackFailure failure)
        {
            return new VmSourceResult(source, servers, failure.Message);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new VmSourceResult(source, servers, $"OpenStack: no answer from {http?.Current} within {timeout.TotalSeconds:0.###} s (timeout)");
        }
        finally
        {
            http?.Dispose();
        }
    }
}
