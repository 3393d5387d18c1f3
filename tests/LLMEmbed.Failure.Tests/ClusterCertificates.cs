using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LLMEmbed.Failure.Tests;

/// <summary>
/// A throwaway CA and certificates it signs, as deploy/local-cluster.sh makes with openssl: the silos present one,
/// the test's cluster client another; a certificate from another CA stands for a stranger.
/// </summary>
public sealed class ClusterCertificates
{
    private readonly X509Certificate2 _ca;

    private ClusterCertificates(X509Certificate2 ca, string caPemPath, string siloPfxPath)
    {
        _ca = ca;
        CaPemPath = caPemPath;
        SiloPfxPath = siloPfxPath;
    }

    public string CaPemPath { get; }
    public string SiloPfxPath { get; }
    public X509Certificate2 Ca => _ca;

    public static ClusterCertificates Create(string directory)
    {
        var ca = CreateCa("CN=llmembed test cluster CA");
        var caPem = Path.Combine(directory, "cluster-ca.pem");
        File.WriteAllText(caPem, ca.ExportCertificatePem());
        var silo = Path.Combine(directory, "silo.pfx");
        File.WriteAllBytes(silo, Issue(ca, "CN=llmembed silo").Export(X509ContentType.Pkcs12));
        return new ClusterCertificates(ca, caPem, silo);
    }

    /// <summary>Another certificate signed by this cluster's CA (a gateway-only client's).</summary>
    public X509Certificate2 IssueClient() => Reload(Issue(_ca, "CN=llmembed client"));

    /// <summary>A certificate of a CA the cluster does not trust.</summary>
    public static X509Certificate2 Stranger() => Reload(Issue(CreateCa("CN=someone else's CA"), "CN=stranger"));

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        return signed.CopyWithPrivateKey(key);
    }

    // An ephemeral key is not usable by SslStream on Linux until it round-trips through PKCS#12.
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);

    /// <summary>Whether a peer's certificate chains to <paramref name="ca"/> (the silos' rule, LLMEmbedTlsOptions.ChainsTo).</summary>
    public static bool ChainsTo(X509Certificate2 ca, X509Certificate2? peer)
    {
        if (peer is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }
}
