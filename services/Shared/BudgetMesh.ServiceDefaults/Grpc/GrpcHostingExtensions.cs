using System.Net;
using BudgetMesh.Grpc;
using BudgetMesh.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BudgetMesh.ServiceDefaults.Grpc;

/// <summary>How every BudgetMesh service serves gRPC and calls its peers.</summary>
public static class GrpcHostingExtensions
{
    /// <summary>
    /// The port a service listens on: HTTP/2 with prior knowledge only, so gRPC health is the probe to use
    /// (the /health endpoints answer there too, to HTTP/2 clients such as `curl --http2-prior-knowledge`). 0 picks a free one.
    /// </summary>
    public const string PortVariable = "BUDGETMESH_PORT";

    /// <summary>Address a service listens on; loopback unless a deployment says otherwise.</summary>
    public const string BindVariable = "BUDGETMESH_BIND";

    /// <summary>
    /// Serves gRPC over h2c (over TLS with BUDGETMESH_TLS_CERT_FILE/KEY_FILE, see <see cref="ServiceEndpoints"/>) on
    /// <c>BUDGETMESH_PORT</c> (or <paramref name="defaultPort"/>), with the standard
    /// health service reporting SERVING only while the service's readiness checks (database, broker) pass.
    /// </summary>
    public static WebApplicationBuilder AddGrpcServer(this WebApplicationBuilder builder, int defaultPort)
    {
        var port = int.TryParse(builder.Configuration[PortVariable], out var configured) ? configured : defaultPort;
        var bind = IPAddress.TryParse(builder.Configuration[BindVariable], out var address) ? address : IPAddress.Loopback;
        builder.ListenAsService(bind, port, HttpProtocols.Http2);
        builder.Services.AddBudgetMeshGrpc();
        builder.Services.AddGrpcReadinessCheck(string.Empty, async (services, cancellationToken) =>
        {
            var report = await services.GetRequiredService<HealthCheckService>()
                .CheckHealthAsync(check => check.Tags.Contains(ServiceDefaultsExtensions.ReadyTag), cancellationToken);
            return report.Status == HealthStatus.Healthy;
        });
        return builder;
    }

    /// <summary>
    /// A named client for a peer service at <c>BUDGETMESH_&lt;NAME&gt;_URL</c> (e.g. BUDGETMESH_CLASSIFICATION_URL),
    /// with the library's deadline and gRPC-aware retry defaults.
    /// </summary>
    public static WebApplicationBuilder AddGrpcPeer(this WebApplicationBuilder builder, string name, string defaultUrl)
    {
        var variable = $"BUDGETMESH_{name.ToUpperInvariant().Replace('-', '_')}_URL";
        var url = builder.Configuration[variable] is { Length: > 0 } configured ? configured : defaultUrl;
        builder.Services.AddGrpcClient(name, options => options.Address = new Uri(url));
        return builder;
    }

    /// <summary>The address the started application listens on (useful when the port was 0).</summary>
    public static Uri GrpcAddress(this WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("The server has not started.");
        var first = addresses.FirstOrDefault() ?? throw new InvalidOperationException("The server listens nowhere.");
        return new Uri(first.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }
}
