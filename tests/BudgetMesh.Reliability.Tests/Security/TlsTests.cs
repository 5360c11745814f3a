using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using BudgetMesh.PerformanceTargets;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.Reliability.Tests.Harness;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.Testing.Topology;
using BudgetMesh.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Reliability.Tests.Security;

/// <summary>
/// A real service (PerformanceTargets) serving gRPC over TLS with a self-signed certificate made here, called by
/// @grpc/grpc-js and by Grpc.Net.Client (as one service calls another) with that certificate as their only root: the
/// same `ServeGrpc(address, port, certificate)` a deployment uses when it terminates TLS in the service instead of a proxy.
/// </summary>
public sealed class TlsTests
{
    [Fact]
    public async Task A_grpc_js_client_trusting_the_self_signed_root_calls_a_service_over_TLS_and_others_cannot()
    {
        using var certificate = SelfSigned();
        var folder = Directory.CreateTempSubdirectory("budgetmesh-tls-").FullName;
        var rootPem = Path.Combine(folder, "root.pem");
        await File.WriteAllTextAsync(rootPem, certificate.ExportCertificatePem());
        var tlsPort = ServiceProcess.FreePort();

        var app = PerformanceTargetsApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["BUDGETMESH_PORT"] = "0",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ServeGrpc(IPAddress.Loopback, tlsPort, certificate));
        });
        await app.StartAsync();
        try
        {
            var seen = await RunNodeAsync(tlsPort, rootPem);

            Assert.Equal(0, seen.GetProperty("health").GetProperty("code").GetInt32());
            Assert.Equal([8, 1], seen.GetProperty("health").GetProperty("bytes").EnumerateArray().Select(b => b.GetInt32()));
            // The service's own answer (its key check refuses a call without a key) proves the call reached the rpc.
            Assert.Equal((int)StatusCode.Unauthenticated, seen.GetProperty("rpc").GetProperty("code").GetInt32());
            // Without the root the handshake fails, and a plaintext client gets nowhere on the TLS port.
            Assert.Equal((int)StatusCode.Unavailable, seen.GetProperty("untrusted").GetProperty("code").GetInt32());
            Assert.NotEqual(0, seen.GetProperty("plaintext").GetProperty("code").GetInt32());
            Measurements.Record("gRPC over TLS (grpc-js client)", "PerformanceTargets with a self-signed RSA-2048 certificate (CertificateRequest); @grpc/grpc-js 1.14",
                "pass", $"trusted root: health SERVING, CheckTargets reached the rpc (UNAUTHENTICATED from its key check); without the root: {seen.GetProperty("untrusted").GetProperty("code").GetInt32()} (UNAVAILABLE); plaintext on the TLS port: {seen.GetProperty("plaintext").GetProperty("code").GetInt32()}");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_grpc_dotnet_client_trusting_the_self_signed_root_calls_a_service_over_TLS_and_one_without_it_cannot()
    {
        using var certificate = SelfSigned();
        var tlsPort = ServiceProcess.FreePort();
        var app = PerformanceTargetsApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["BUDGETMESH_PORT"] = "0",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ServeGrpc(IPAddress.Loopback, tlsPort, certificate));
        });
        await app.StartAsync();
        try
        {
            var address = new Uri($"https://localhost:{tlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            var trusting = new SocketsHttpHandler();
            trusting.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { certificate } };
            using (var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = trusting }))
            {
                var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
                Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
                // The service's own answer (its caller policy refuses a call without a key) proves the call reached the rpc.
                var refused = await Assert.ThrowsAsync<RpcException>(() => new PerformanceTargetsService.PerformanceTargetsServiceClient(channel)
                    .CheckTargetsAsync(new CheckTargetsRequest(), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
                Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
            }

            using var untrusting = GrpcChannel.ForAddress(address);
            var untrusted = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(untrusting)
                .CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
            // Grpc.Net.Client reports a failed handshake as INTERNAL (grpc-js as UNAVAILABLE): what matters is why.
            Assert.True(untrusted.StatusCode is StatusCode.Internal or StatusCode.Unavailable, untrusted.ToString());
            Assert.Contains(Causes(untrusted), e => e is System.Security.Authentication.AuthenticationException);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static IEnumerable<Exception> Causes(RpcException exception)
    {
        for (var cause = exception.Status.DebugException; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so that SslStream gets a key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    private static async Task<JsonElement> RunNodeAsync(int port, string rootPem)
    {
        var grpcJs = Path.Combine(ServiceBinaries.RepositoryRoot, "tests", "interop", "node_modules", "@grpc", "grpc-js");
        Assert.True(Directory.Exists(grpcJs), $"Run `npm ci` in tests/interop first (make test does): {grpcJs} is missing.");
        var script = Path.Combine(AppContext.BaseDirectory, "tls-client.js");
        var start = new ProcessStartInfo("node", [script, grpcJs, port.ToString(System.Globalization.CultureInfo.InvariantCulture), rootPem])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(cancel.Token);
        var text = await stdout;
        Assert.True(node.ExitCode == 0 && text.Length > 0, $"node exited with {node.ExitCode}: {await stderr}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
