using System.Net;
using System.Security.Cryptography.X509Certificates;
using BudgetMesh.Grpc.Tests.Probe;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Grpc.Tests.Infrastructure;

/// <summary>
/// The interop server plus the probe service, on a free loopback port of a real Kestrel, one per test class.
/// Readiness is switchable so health tests can flip it.
/// </summary>
public sealed class TestServer : IAsyncLifetime
{
    private readonly X509Certificate2? _certificate;
    private WebApplication? _app;

    public TestServer() : this(null)
    {
    }

    internal TestServer(X509Certificate2? certificate) => _certificate = certificate;

    public const int ProbeMaxReceiveMessageSize = 64 * 1024;

    public Uri Address { get; private set; } = null!;

    internal ProbeState State { get; } = new();

    public volatile bool Ready = true;

    public static Google.Protobuf.Reflection.ServiceDescriptor ProbeService => ProbeReflection.Descriptor.Services[0];

    public static Google.Protobuf.Reflection.MethodDescriptor Probe(string method) => ProbeService.FindMethodByName(method);

    public static Google.Protobuf.Reflection.MethodDescriptor Broken(string method) => ProbeReflection.Descriptor.Services[1].FindMethodByName(method);

    public async Task InitializeAsync()
    {
        _app = HandWrittenInteropServerHost.Build(IPAddress.Loopback, 0, _certificate, builder =>
        {
            builder.Services.AddSingleton(State);
            builder.Services.AddSingleton<ProbeGrpcService>();
            builder.Services.Configure<GrpcServerOptions>(o => o.HealthWatchInterval = TimeSpan.FromMilliseconds(50));
            builder.Services.AddGrpcReadinessCheck(ProbeService.FullName, _ => Task.FromResult(Ready));
        });
        _app.MapGrpcService<ProbeGrpcService>(ProbeService, o => o.MaxReceiveMessageSize = ProbeMaxReceiveMessageSize);
        // Plain HTTP endpoints that are not gRPC, to check how the client maps them.
        _app.MapPost("/budgetmesh.grpctests.v1.BrokenService/Unavailable", (HttpContext http) => http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable);
        _app.MapPost("/budgetmesh.grpctests.v1.BrokenService/NoStatus", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/grpc";
            await http.Response.Body.WriteAsync(new byte[] { 0, 0, 0, 0, 0 });
        });
        _app.MapPost("/budgetmesh.grpctests.v1.BrokenService/NotGrpc", (HttpContext http) => http.Response.WriteAsync("hello"));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Address = new Uri(address);
    }

    public GrpcClient CreateClient(Action<GrpcClientOptions>? configure = null)
    {
        var options = new GrpcClientOptions { Address = Address };
        configure?.Invoke(options);
        return new GrpcClient(options);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
