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

    private CertificateCheck(string? bundlePath, X509Certificate2Collection authorities)
    {
        this.bundlePath = bundlePath;
        this.authorities = authorities;
    }

    /// <summary>Why the last certificate was refused; null when none was.</summary>
    public string? Refusal { get; private set; }

    /// <exception cref="OpenStackFailure">The bundle cannot be read or holds no certificate.</exception>
    public static CertificateCheck For(string? bundlePath)
    {
        var bundle = new X509Certificate2Collection();
        if (bundlePath is null)
        {
            return new CertificateCheck(null, bundle);
        }

        try
        {
            bundle.ImportFromPemFile(bundlePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new OpenStackFailure($"cannot read the CA bundle {bundlePath} (OS_CACERT): {e.Message}", e);
        }

        return bundle.Count > 0 ? new CertificateCheck(bundlePath, bundle)
            : throw new OpenStackFailure($"the CA bundle {bundlePath} (OS_CACERT) holds no PEM certificate");
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
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
            Refusal = bundlePath is null
                ? $"its certificate ({certificate.Subject}) is not trusted ({status}): give its CA bundle with OS_CACERT (clouds.yaml: cacert)"
                : $"its certificate ({certificate.Subject}) is signed by no CA of {bundlePath} nor of the system ({status})";
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
