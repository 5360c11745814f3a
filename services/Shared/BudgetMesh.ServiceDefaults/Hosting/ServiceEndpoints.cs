using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.ServiceDefaults.Hosting;

/// <summary>
/// Where and how a service listens. Plaintext by default (`make run`, tests); with <see cref="CertificateFiles"/>
/// configured, TLS only. <c>BUDGETMESH_HEALTH_PORT</c> adds a plaintext HTTP/2 port that answers grpc.health.v1 and
/// nothing else: Kubernetes' native gRPC probes cannot speak TLS (deploy/k8s).
/// </summary>
public static class ServiceEndpoints
{
    public const string HealthPortVariable = "BUDGETMESH_HEALTH_PORT";

    /// <summary>The one path prefix the health port serves.</summary>
    public const string HealthPath = "/grpc.health.v1.Health";

    /// <summary>Listens on <paramref name="address"/>:<paramref name="port"/> with <paramref name="plaintextProtocols"/>
    /// (HTTP/2 for gRPC's h2c, HTTP/1.1 for the console) or, with a certificate, HTTP/1.1 and HTTP/2 over TLS.</summary>
    public static WebApplicationBuilder ListenAsService(this WebApplicationBuilder builder, IPAddress address, int port, HttpProtocols plaintextProtocols)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var certificate = CertificateFiles.From(builder.Configuration);
        var healthPort = HealthPort(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, port, listen =>
            {
                if (certificate is null)
                {
                    listen.Protocols = plaintextProtocols;
                    return;
                }

                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => certificate.Current);
            });
            if (healthPort is int health)
            {
                kestrel.Listen(address, health, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });
        if (healthPort is int only)
        {
            builder.Services.AddSingleton<IStartupFilter>(new HealthPortServesHealthOnly(only));
        }

        return builder;
    }

    private static int? HealthPort(IConfiguration configuration)
    {
        var text = configuration[HealthPortVariable];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, out var port) && port is > 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"{HealthPortVariable} must be a port number (1–65535), not '{text}'.");
    }

    /// <summary>Refuses on the health port every request that is not grpc.health.v1 (first in the pipeline).</summary>
    private sealed class HealthPortServesHealthOnly(int port) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (context.Connection.LocalPort == port && !context.Request.Path.StartsWithSegments(HealthPath, StringComparison.Ordinal))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                await following(context);
            });
            next(app);
        };
    }
}
