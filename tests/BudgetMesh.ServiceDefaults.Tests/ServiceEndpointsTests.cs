using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BudgetMesh.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.ServiceDefaults.Tests;

/// <summary>
/// How a service listens in a deployment (deploy/k8s): TLS from mounted certificate files, renewed certificates taken
/// without a restart, and a plaintext port for kubelet's gRPC probes that serves grpc.health.v1 and nothing else.
/// </summary>
public sealed class ServiceEndpointsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bm-tls-").FullName;
    private readonly TestCa _ca = new();

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task With_certificate_files_the_service_speaks_TLS_only_and_presents_that_certificate()
    {
        var (certificateFile, keyFile) = WriteLeaf("first", _ca.Issue("localhost"));
        var port = NextFreePort();
        await using var app = await StartAsync(port, new()
        {
            [CertificateFiles.CertificateFileVariable] = certificateFile,
            [CertificateFiles.KeyFileVariable] = keyFile,
        });

        var (status, presented) = await GetOverTlsAsync(new Uri($"https://localhost:{port}/ping"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificateFile)).Thumbprint, presented);

        using var plaintext = H2cClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => plaintext.SendAsync(H2c($"http://127.0.0.1:{port}/ping")));
    }

    [Fact]
    public void A_renewed_certificate_is_presented_on_the_next_connection_without_a_restart()
    {
        var (certificateFile, keyFile) = WriteLeaf("served", _ca.Issue("localhost"));
        var files = new CertificateFiles(certificateFile, keyFile, TimeSpan.Zero);
        var first = files.Current.Thumbprint;

        using var renewed = _ca.Issue("localhost");
        WriteLeafTo(certificateFile, keyFile, renewed);

        Assert.Equal(renewed.Thumbprint, files.Current.Thumbprint);
        Assert.NotEqual(first, files.Current.Thumbprint);
    }

    [Fact]
    public async Task A_half_written_renewal_keeps_the_certificate_in_use()
    {
        var (certificateFile, keyFile) = WriteLeaf("served", _ca.Issue("localhost"));
        var files = new CertificateFiles(certificateFile, keyFile, TimeSpan.Zero);
        var before = files.Current.Thumbprint;

        await File.WriteAllTextAsync(keyFile, "-----BEGIN PRIVATE KEY-----\ntruncated");

        Assert.Equal(before, files.Current.Thumbprint);
    }

    [Fact]
    public async Task The_health_port_answers_grpc_health_and_nothing_else()
    {
        var port = NextFreePort();
        var healthPort = NextFreePort();
        await using var app = await StartAsync(port, new() { [ServiceEndpoints.HealthPortVariable] = healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var client = H2cClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(H2c($"http://127.0.0.1:{healthPort}/grpc.health.v1.Health/Check", HttpMethod.Post))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(H2c($"http://127.0.0.1:{healthPort}/ping"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(H2c($"http://127.0.0.1:{healthPort}/grpc.health.v1.HealthX/Check", HttpMethod.Post))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(H2c($"http://127.0.0.1:{port}/ping"))).StatusCode);
    }

    [Theory]
    [InlineData(CertificateFiles.CertificateFileVariable, CertificateFiles.KeyFileVariable)]
    [InlineData(CertificateFiles.KeyFileVariable, CertificateFiles.CertificateFileVariable)]
    public void A_certificate_without_its_key_or_the_reverse_names_the_missing_variable(string set, string missing)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection([new(set, Path.Combine(_directory, "x.pem"))]);

        var error = Assert.Throws<InvalidOperationException>(() => builder.ListenAsService(IPAddress.Loopback, 0, HttpProtocols.Http2));
        Assert.StartsWith(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_certificate_files_name_the_variables_and_paths()
    {
        var missing = Path.Combine(_directory, "absent.crt");
        var error = Assert.Throws<InvalidOperationException>(() => new CertificateFiles(missing, missing, TimeSpan.Zero));
        Assert.Contains(CertificateFiles.CertificateFileVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("0")]
    [InlineData("70000")]
    public void A_health_port_that_is_no_port_is_refused_by_name(string value)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection([new(ServiceEndpoints.HealthPortVariable, value)]);

        var error = Assert.Throws<InvalidOperationException>(() => builder.ListenAsService(IPAddress.Loopback, 0, HttpProtocols.Http2));
        Assert.Contains(ServiceEndpoints.HealthPortVariable, error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(int port, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.ListenAsService(IPAddress.Loopback, port, HttpProtocols.Http2);
        var app = builder.Build();
        app.MapGet("/ping", () => "pong");
        // Stands in for grpc.health.v1.Health/Check: this test is about which port serves which path.
        app.MapPost("/grpc.health.v1.Health/Check", () => Results.Ok());
        app.MapPost("/grpc.health.v1.HealthX/Check", () => Results.Ok());
        await app.StartAsync();
        return app;
    }

    private async Task<(HttpStatusCode Status, string? Presented)> GetOverTlsAsync(Uri uri)
    {
        string? presented = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    presented = certificate is null ? null : new X509Certificate2(certificate).Thumbprint;
                    return certificate is not null && _ca.Trusts(new X509Certificate2(certificate));
                },
            },
        };
        using var client = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.GetAsync(uri);
        return (response.StatusCode, presented);
    }

    /// <summary>A port the kernel has just handed out; free until someone binds it.</summary>
    private static int NextFreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static HttpClient H2cClient() => new(new SocketsHttpHandler());

    private static HttpRequestMessage H2c(string uri, HttpMethod? method = null) =>
        new(method ?? HttpMethod.Get, uri) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    private (string Certificate, string Key) WriteLeaf(string name, X509Certificate2 leaf)
    {
        var paths = (Path.Combine(_directory, name + ".crt"), Path.Combine(_directory, name + ".key"));
        WriteLeafTo(paths.Item1, paths.Item2, leaf);
        leaf.Dispose();
        return paths;
    }

    private static void WriteLeafTo(string certificateFile, string keyFile, X509Certificate2 leaf)
    {
        File.WriteAllText(certificateFile, leaf.ExportCertificatePem());
        using var key = leaf.GetECDsaPrivateKey()!;
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A throwaway CA, as cert-manager's Issuer budgetmesh-ca is in a deployment.</summary>
    private sealed class TestCa : IDisposable
    {
        private readonly X509Certificate2 _root;

        public TestCa()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=BudgetMesh test CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            _root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        }

        public X509Certificate2 Issue(string dnsName)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(dnsName);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            var serial = RandomNumberGenerator.GetBytes(12);
            using var issued = request.Create(_root, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), serial);
            return issued.CopyWithPrivateKey(key);
        }

        public bool Trusts(X509Certificate2 certificate)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(_root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        }

        public void Dispose() => _root.Dispose();
    }
}
