using Microsoft.Extensions.DependencyInjection;
using BudgetMesh.Testing;
using BudgetMesh.Callers;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Classification.Tests.Service;

/// <summary>The real service, started in-process on a free port against a test database, and a client for it.</summary>
internal sealed class ClassificationHost : IAsyncDisposable
{
    private ClassificationHost(WebApplication app, GrpcPeerChannel channel)
    {
        App = app;
        Channel = channel;
        Client = new ClassificationService.ClassificationServiceClient(channel.CallInvoker);
    }

    public WebApplication App { get; }

    /// <summary>The channel to the service, with the project's client policy (deadline, retry of UNAVAILABLE).</summary>
    public GrpcPeerChannel Channel { get; }

    public ClassificationService.ClassificationServiceClient Client { get; }

    public Uri Address => App.GrpcAddress();

    public static async Task<ClassificationHost> StartAsync(string postgres)
    {
        var app = ClassificationApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [GrpcHostingExtensions.PortVariable] = "0",
                [ServiceSettings.PostgresVariable] = postgres,
            });
            builder.Services.AddSingleton<ICallerVerifier, FakeCallers>();
        });
        await app.StartAsync();
        return new ClassificationHost(app, new GrpcPeerChannel(app.GrpcAddress()));
    }

    /// <summary>A call as an operator (<see cref="FakeCallers.Operator"/>), with a 30 s deadline.</summary>
    public static CallOptions Operator() => FakeCallers.OperatorCall(TimeSpan.FromSeconds(30));

    /// <summary>A call with <paramref name="key"/> (null: no key at all), with a 30 s deadline.</summary>
    public static CallOptions As(string? key) => new(FakeCallers.Headers(key), DateTime.UtcNow.AddSeconds(30));

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
