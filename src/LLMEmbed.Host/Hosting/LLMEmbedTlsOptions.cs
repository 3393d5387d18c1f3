using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace LLMEmbed.Host.Hosting;

/// <summary>
/// Section "Cluster:Tls": mutual TLS on the Orleans links (silo to silo, and gateway-only clients to silos).
/// On when <see cref="CertificatePath"/> is set: every process presents its certificate and accepts only peers
/// whose certificate chains to <see cref="CaCertificatePath"/>, so nothing without a certificate of this
/// cluster's CA can join the cluster or call a grain, whatever reaches the ports.
/// </summary>
public sealed class LLMEmbedTlsOptions
{
    public const string SectionName = "Cluster:Tls";

    /// <summary>PFX/PKCS#12 file with this process's certificate and private key (client and server authentication).</summary>
    public string CertificatePath { get; set; } = "";
    public string CertificatePassword { get; set; } = "";

    /// <summary>PEM file of the CA that signs every certificate of the cluster (the only root trusted for peers).</summary>
    public string CaCertificatePath { get; set; } = "";

    public bool Enabled => CertificatePath.Length > 0;

    public void Validate()
    {
        if (!Enabled)
        {
            if (CaCertificatePath.Length > 0)
                throw new InvalidOperationException($"{SectionName}:CaCertificatePath is set but CertificatePath is not: set both to turn TLS on.");
            return;
        }
        if (!File.Exists(CertificatePath)) throw new InvalidOperationException($"{SectionName}:CertificatePath: {CertificatePath} does not exist.");
        if (CaCertificatePath.Length == 0) throw new InvalidOperationException($"{SectionName}:CaCertificatePath is required with CertificatePath: the CA peers' certificates must chain to.");
        if (!File.Exists(CaCertificatePath)) throw new InvalidOperationException($"{SectionName}:CaCertificatePath: {CaCertificatePath} does not exist.");
    }

    public X509Certificate2 LoadCertificate() =>
        X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword.Length == 0 ? null : CertificatePassword);

    public X509Certificate2 LoadCa() => X509Certificate2.CreateFromPem(File.ReadAllText(CaCertificatePath));

    /// <summary>
    /// Whether a peer's certificate chains to the cluster's CA (and only to it). Host names are not checked: silos
    /// are reached by pod IP, and holding a key the CA signed is what admits a peer.
    /// </summary>
    public static bool ChainsTo(X509Certificate2 ca, X509Certificate2? peer, SslPolicyErrors errors)
    {
        if (peer is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }

    public override string ToString() => Enabled ? $"mutual TLS, certificate {CertificatePath}, CA {CaCertificatePath}" : "off (plain TCP: keep the silo and gateway ports private)";
}
