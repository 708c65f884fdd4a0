using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// Checks the endpoints' certificates: trusted by the system, or chaining to a CA of the
/// OS_CACERT bundle. Remembers why it refused one, so the failure line can say it.
/// </summary>
internal sealed class CertificateCheck
{
    private readonly string? bundlePath;
    private readonly X509Certificate2Collection authorities;
    private readonly string? unsupportedInsecure;

    private CertificateCheck(string? bundlePath, X509Certificate2Collection authorities, string? unsupportedInsecure)
    {
        this.bundlePath = bundlePath;
        this.authorities = authorities;
        this.unsupportedInsecure = unsupportedInsecure;
    }

    /// <summary>Why the certificate of the request under way was refused; null when none was.</summary>
    public string? Refusal { get; private set; }

    /// <summary>The subject of the certificate the server of the request under way showed; null when none was shown.</summary>
    public string? Presented { get; private set; }

    /// <exception cref="OpenStackFailure">The bundle cannot be read or holds no certificate.</exception>
    /// <param name="bundlePath">OS_CACERT, or null.</param>
    /// <param name="unsupportedInsecure">How the settings asked to skip the checks (verify: false), for the refusals; null when they did not.</param>
    public static CertificateCheck For(string? bundlePath, string? unsupportedInsecure)
    {
        var bundle = new X509Certificate2Collection();
        if (bundlePath is null)
        {
            return new CertificateCheck(null, bundle, unsupportedInsecure);
        }

        try
        {
            bundle.ImportFromPemFile(bundlePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new OpenStackFailure($"cannot read the CA bundle {bundlePath} (OS_CACERT): {e.Message}", e);
        }

        return bundle.Count > 0 ? new CertificateCheck(bundlePath, bundle, unsupportedInsecure)
            : throw new OpenStackFailure($"the CA bundle {bundlePath} (OS_CACERT) holds no PEM certificate");
    }

    /// <summary>Clears what the last request's handshake saw, before the next request.</summary>
    public void Forget() => (Refusal, Presented) = (null, null);

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Presented = certificate?.Subject;
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            Refusal = "the server sent no certificate";
        }
        else if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            Refusal = $"its certificate ({certificate.Subject}) is not for this host name";
        }
        else if (authorities.Count > 0 && ChainsToBundle(certificate, chain))
        {
            return true;
        }
        else
        {
            var status = string.Join(", ", chain?.ChainStatus.Select(element => element.Status.ToString()).Distinct(StringComparer.Ordinal) ?? []);
            Refusal = (unsupportedInsecure, bundlePath) switch
            {
                ({ } insecure, _) => $"{insecure} is not supported (perfwhiz always checks certificates), and its certificate ({certificate.Subject}) is signed by no CA {(bundlePath is null ? "of the system" : $"of {bundlePath} nor of the system")} ({status}): give its CA bundle with cacert (OS_CACERT)",
                (null, null) => $"its certificate ({certificate.Subject}) is not trusted ({status}): give its CA bundle with OS_CACERT (clouds.yaml: cacert)",
                (null, { }) => $"its certificate ({certificate.Subject}) is signed by no CA of {bundlePath} nor of the system ({status})",
            };
        }

        return false;
    }

    private bool ChainsToBundle(X509Certificate certificate, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
