using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Perfwhiz.Tests.Cloud;

/// <summary>
/// A private CA and a server certificate it signs for 127.0.0.1, for the HTTPS stand-in: not
/// trusted by the system, trusted through OS_CACERT once the CA's PEM file is given.
/// </summary>
internal sealed class StandInCertificates : IDisposable
{
    public StandInCertificates(string folder)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=perfwhiz stand-in CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        using var authority = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        using var signed = serverRequest.Create(authority, now.AddDays(-1), now.AddDays(6), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        // SslStream on Linux wants a certificate whose key it can reach as a loaded PKCS#12 has it.
        Server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), password: null);
        AuthorityPemFile = Path.Combine(folder, "stand-in-ca.pem");
        File.WriteAllText(AuthorityPemFile, authority.ExportCertificatePem() + "\n");
    }

    public X509Certificate2 Server { get; }

    /// <summary>The CA's certificate as a PEM bundle, for OS_CACERT.</summary>
    public string AuthorityPemFile { get; }

    public void Dispose() => Server.Dispose();
}
