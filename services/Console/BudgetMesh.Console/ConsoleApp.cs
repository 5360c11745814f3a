using System.Net;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Console;

/// <summary>The console process: what it is made of, in the order it is assembled.</summary>
public static class ConsoleApp
{
    public const string ServiceName = "console";
    public const string Schema = "console";
    public const int DefaultPort = 5100;

    /// <summary>Builds the app; <paramref name="configure"/> lets tests add configuration before anything reads it.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.AddServiceDefaults(ServiceName);
        ListenHttp1(builder);
        builder.AddServiceDatabase(Schema, typeof(ConsoleApp).Assembly);
        builder.AddConsole();

        var app = builder.Build();
        app.MapConsole();
        return app;
    }

    /// <summary>Where the started console listens (useful when the port was 0).</summary>
    public static Uri Address(WebApplication app)
    {
        var first = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The console has not started.");
        return new Uri(first.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    // Browsers and the OTLP/HTTP exporters speak HTTP/1.1; the shared gRPC listener is HTTP/2-only, so the
    // console configures Kestrel itself and calls its peers as a gRPC client only.
    private static void ListenHttp1(WebApplicationBuilder builder)
    {
        var port = int.TryParse(builder.Configuration[GrpcHostingExtensions.PortVariable], out var configured) ? configured : DefaultPort;
        var bind = IPAddress.TryParse(builder.Configuration[GrpcHostingExtensions.BindVariable], out var address) ? address : IPAddress.Loopback;
        builder.ListenAsService(bind, port, HttpProtocols.Http1);
    }
}
