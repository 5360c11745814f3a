using System.Net;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.ServiceDefaults.Grpc;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace BudgetMesh.ServiceDefaults.Tests.Grpc;

/// <summary>A service that declares anyone may call it, answering with the status the request asks for.</summary>
[AnyCaller]
internal sealed class DeclaredService : PerformanceTargetsService.PerformanceTargetsServiceBase
{
    public const int ManyViolations = 5000;

    /// <summary>Asks the same server (as a peer) with what follows, and lets the peer's status through untouched.</summary>
    public const string RelayPrefix = "relay:";

    public override Task<CheckTargetsResponse> CheckTargets(CheckTargetsRequest request, ServerCallContext context) => request.ProjectExpenditureTotal switch
    {
        "huge-violations" => throw RpcErrors.InvalidArgument(new string('长', 2000),
            [.. Enumerable.Range(0, ManyViolations).Select(i => ($"projects[{i}].name", new string('错', 100)))]),
        "precondition" => throw RpcErrors.Status(StatusCode.FailedPrecondition, "没有该年度的目录"),
        var relayed when relayed.StartsWith(RelayPrefix, StringComparison.Ordinal) => RelayAsync(relayed[RelayPrefix.Length..], context),
        _ => Task.FromResult(new CheckTargetsResponse()),
    };

    private static async Task<CheckTargetsResponse> RelayAsync(string ask, ServerCallContext context)
    {
        using var peer = new GrpcPeerChannel(new Uri($"http://{context.GetHttpContext().Request.Host}"), GrpcClientPolicy.Interactive());
        return await new PerformanceTargetsService.PerformanceTargetsServiceClient(peer.CallInvoker)
            .CheckTargetsAsync(new CheckTargetsRequest { ProjectExpenditureTotal = ask }, deadline: DateTime.UtcNow.AddSeconds(30));
    }
}

/// <summary>The same rpc with no declaration of who may call it.</summary>
internal sealed class UndeclaredService : PerformanceTargetsService.PerformanceTargetsServiceBase
{
    public override Task<CheckTargetsResponse> CheckTargets(CheckTargetsRequest request, ServerCallContext context) =>
        Task.FromResult(new CheckTargetsResponse());
}

/// <summary>A readiness check the test switches, standing in for the database and the broker.</summary>
internal sealed class SwitchedReadiness : IHealthCheck
{
    public volatile bool Ready;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Ready ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the database does not answer"));
}

/// <summary>One real Kestrel on a free loopback port, wired with AddGrpcServer as every service is.</summary>
internal sealed class GrpcServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcServerHost(WebApplication app, SwitchedReadiness readiness)
    {
        _app = app;
        Readiness = readiness;
        Channel = GrpcChannel.ForAddress(app.GrpcAddress());
    }

    public SwitchedReadiness Readiness { get; }

    public GrpcChannel Channel { get; }

    public static async Task<GrpcServerHost> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [GrpcHostingExtensions.PortVariable] = "0" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddGrpcServer(defaultPort: 0);
        var readiness = new SwitchedReadiness();
        builder.Services.AddHealthChecks().AddCheck("switched", readiness, tags: [ServiceDefaultsExtensions.ReadyTag]);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new GrpcServerHost(app, readiness);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
