using Orleans.Connections.Security;

namespace LLMEmbed.Host.Hosting;

/// <summary>Cluster:Tls on the silo and on a gateway-only process's cluster client: both sides present a certificate, both check the other's.</summary>
public static class ClusterTlsExtensions
{
    public static ISiloBuilder UseLLMEmbedTls(this ISiloBuilder silo, LLMEmbedTlsOptions tls)
    {
        if (!tls.Enabled) return silo;
        var ca = tls.LoadCa();
        return silo.UseTls(tls.LoadCertificate(), o => Configure(o, ca));
    }

    public static IClientBuilder UseLLMEmbedTls(this IClientBuilder client, LLMEmbedTlsOptions tls)
    {
        if (!tls.Enabled) return client;
        var ca = tls.LoadCa();
        return client.UseTls(tls.LoadCertificate(), o => Configure(o, ca));
    }

    private static void Configure(TlsOptions options, System.Security.Cryptography.X509Certificates.X509Certificate2 ca)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, errors) => LLMEmbedTlsOptions.ChainsTo(ca, certificate, errors);
    }
}
