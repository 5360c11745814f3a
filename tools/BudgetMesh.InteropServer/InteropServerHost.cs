using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace BudgetMesh.InteropServer;

/// <summary>Builds the interop server on grpc-dotnet; the tests host the same app in-process on a free port.</summary>
internal static class InteropServerHost
{
    public static WebApplication Build(IPAddress address, int port, X509Certificate2? certificate = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port, listen =>
        {
            // h2c without a certificate, HTTP/2 over TLS with one.
            listen.Protocols = certificate is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));

        // gzip is offered by TestService alone, for the compression cases, and it compresses only what a request asks
        // for (grpc-js cannot read an empty message grpc-dotnet flags as compressed, so nothing else is).
        builder.Services.AddGrpc().AddServiceOptions<InteropTestService>(options => options.ResponseCompressionAlgorithm = "gzip");
        // Health answers for the server ("") and for TestService, asked afresh on every Check and at the start of Watch.
        // With no check at all grpc-dotnet answers UNKNOWN: the server's health is that it serves.
        builder.Services.AddHealthChecks().AddCheck("grpc", () => HealthCheckResult.Healthy());
        builder.Services.AddGrpcHealthChecks(options =>
        {
            options.UseHealthChecksCache = false;
            options.Services.Map(string.Empty, _ => true);
            options.Services.Map("grpc.testing.TestService", _ => true);
        });
        builder.Services.Configure<HealthCheckPublisherOptions>(options => options.Delay = TimeSpan.Zero);
        builder.Services.AddGrpcReflection();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapGrpcService<InteropTestService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
