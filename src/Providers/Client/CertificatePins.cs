using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SpeedKings.Bench.Providers.Client;

/// <summary>Certificate validation: the system's verdict, or — for a certificate pinned by its SHA-256 — that exact certificate.</summary>
internal static class CertificatePins
{
    public static RemoteCertificateValidationCallback Validator(ISet<string> pins)
        => (_, certificate, _, errors) => errors == SslPolicyErrors.None
            || (certificate is not null && pins.Count > 0 && pins.Contains(Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256))));
}
