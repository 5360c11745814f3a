using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.ServiceDefaults.Hosting;

/// <summary>
/// A service's TLS certificate from two PEM files a deployment mounts (in Kubernetes, the Secret cert-manager keeps):
/// <c>BUDGETMESH_TLS_CERT_FILE</c> (the certificate, chain allowed) and <c>BUDGETMESH_TLS_KEY_FILE</c>. A renewed
/// pair is picked up without a restart: the files are read again at most every <see cref="ReloadInterval"/>, and a new
/// certificate serves the next TLS handshake. A pair that cannot be read (half-written) keeps the previous one.
/// </summary>
public sealed class CertificateFiles
{
    public const string CertificateFileVariable = "BUDGETMESH_TLS_CERT_FILE";
    public const string KeyFileVariable = "BUDGETMESH_TLS_KEY_FILE";

    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private X509Certificate2 _current;
    private string _loadedText;
    private long _checkedAt;

    public CertificateFiles(string certificatePath, string keyPath, TimeSpan reloadInterval, TimeProvider? time = null)
    {
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        ReloadInterval = reloadInterval;
        _time = time ?? TimeProvider.System;
        (_current, _loadedText) = Load(certificatePath, keyPath)
            ?? throw new InvalidOperationException(
                $"{CertificateFileVariable}/{KeyFileVariable}: '{certificatePath}' and '{keyPath}' are not a readable PEM certificate and its private key.");
        _checkedAt = _time.GetTimestamp();
    }

    /// <summary>How often the files are looked at again.</summary>
    public TimeSpan ReloadInterval { get; }

    /// <summary>The certificate to present now.</summary>
    public X509Certificate2 Current
    {
        get
        {
            lock (_gate)
            {
                if (_time.GetElapsedTime(_checkedAt) >= ReloadInterval)
                {
                    _checkedAt = _time.GetTimestamp();
                    if (Load(_certificatePath, _keyPath) is var (certificate, text) && text != _loadedText)
                    {
                        (_current, _loadedText) = (certificate, text);
                    }
                }

                return _current;
            }
        }
    }

    /// <summary>The files a configuration names; null when it names neither (the service speaks plaintext).</summary>
    public static CertificateFiles? From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var certificate = configuration[CertificateFileVariable];
        var key = configuration[KeyFileVariable];
        if (string.IsNullOrWhiteSpace(certificate) && string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(certificate) || string.IsNullOrWhiteSpace(key))
        {
            var missing = string.IsNullOrWhiteSpace(certificate) ? CertificateFileVariable : KeyFileVariable;
            throw new InvalidOperationException($"{missing} is not set: TLS needs both {CertificateFileVariable} and {KeyFileVariable}, or neither.");
        }

        return new CertificateFiles(certificate, key, TimeSpan.FromMinutes(1));
    }

    private static (X509Certificate2 Certificate, string Text)? Load(string certificatePath, string keyPath)
    {
        try
        {
            var certificateText = File.ReadAllText(certificatePath);
            var keyText = File.ReadAllText(keyPath);
            return (X509Certificate2.CreateFromPem(certificateText, keyText), certificateText + keyText);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return null;
        }
    }
}
