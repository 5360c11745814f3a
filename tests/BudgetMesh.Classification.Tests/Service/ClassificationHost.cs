using Microsoft.Extensions.DependencyInjection;
using BudgetMesh.Testing;
using BudgetMesh.Callers;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Grpc;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Classification.Tests.Service;

/// <summary>The real service, started in-process on a free port against a test database, and a client for it.</summary>
internal sealed class ClassificationHost : IAsyncDisposable
{
    private ClassificationHost(WebApplication app, GrpcClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public GrpcClient Client { get; }

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
        return new ClassificationHost(app, new GrpcClient(new GrpcClientOptions { Address = app.GrpcAddress() }));
    }

    /// <summary>Calls as an operator (<see cref="FakeCallers.Operator"/>), or with <paramref name="key"/> (null: no key at all).</summary>
    public Task<TResponse> CallAsync<TRequest, TResponse>(string method, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Client.UnaryAsync<TRequest, TResponse>(ClassificationReflection.Descriptor.Services[0].FindMethodByName(method), request,
            FakeCallers.OperatorCall(TimeSpan.FromSeconds(30)));

    public Task<TResponse> CallAsAsync<TRequest, TResponse>(string? key, string method, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Client.UnaryAsync<TRequest, TResponse>(ClassificationReflection.Descriptor.Services[0].FindMethodByName(method), request,
            key is null ? new CallOptions { Timeout = TimeSpan.FromSeconds(30) } : new CallOptions { Timeout = TimeSpan.FromSeconds(30), Headers = new Metadata { { "authorization", "Bearer " + key } } });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
