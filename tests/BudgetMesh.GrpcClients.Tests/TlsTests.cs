using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BudgetMesh.GrpcClients.Tests.Infrastructure;
using BudgetMesh.GrpcClients.Tests.Probe;
using Grpc.Core;

namespace BudgetMesh.GrpcClients.Tests;

/// <summary>A typed client over TLS (HTTP/2 by ALPN) to a server whose self-signed certificate the client pins.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = CreateCertificate();
    private ProbeServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = new ProbeServer(_certificate);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task Calls_work_over_tls_with_a_pinned_certificate_and_fail_without_it()
    {
        Assert.Equal("https", _server.Address.Scheme);
        var thumbprint = _certificate.GetCertHashString();
        using (var pinned = _server.Channel(configureHandler: handler =>
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint))
        {
            var reply = await new ProbeService.ProbeServiceClient(pinned.CallInvoker).EchoAsync(new EchoRequest { Text = "secure" });
            Assert.Equal("secure", reply.Text);
        }

        using var untrusting = _server.Channel(GrpcClientPolicy.Interactive());
        var error = await Assert.ThrowsAsync<RpcException>(() => new ProbeService.ProbeServiceClient(untrusting.CallInvoker).EchoAsync(new EchoRequest()).ResponseAsync);
        // grpc-dotnet reports a certificate it refused as INTERNAL ("The SSL connection could not be established"), which
        // the policy does not retry: no retry would make the certificate trusted.
        Assert.Contains(error.StatusCode, new[] { StatusCode.Internal, StatusCode.Unavailable });
        Assert.Contains("SSL", error.Status.Detail + error.Status.DebugException?.ToString(), StringComparison.Ordinal);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
