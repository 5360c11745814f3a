using System.Collections.Concurrent;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Grpc;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.Testing;
using Google.Protobuf;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Publication.Tests;

/// <summary>
/// The real Publication app in-process on real PostgreSQL and RabbitMQ, pointed at the stub upstream and a real
/// nginx; it records every DisclosurePublished/DisclosureRetracted that reaches the broker.
/// </summary>
internal sealed class PublicationHost : IAsyncDisposable
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = PublicationReflection.Descriptor.Services[0];

    private readonly WebApplication _app;
    private HostReceiveEndpointHandle? _listener;

    private PublicationHost(WebApplication app, GrpcClient client)
    {
        _app = app;
        Client = client;
    }

    public GrpcClient Client { get; }

    public IBus Bus => _app.Services.GetRequiredService<IBus>();

    public ConcurrentQueue<DisclosurePublished> Published { get; } = new();

    public ConcurrentQueue<DisclosureRetracted> Retracted { get; } = new();

    public static async Task<PublicationHost> StartAsync(string postgres, Uri rabbitMq, StubUpstream upstream, NginxWebsite website)
    {
        var app = PublicationApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [GrpcHostingExtensions.PortVariable] = "0",
                [ServiceSettings.PostgresVariable] = postgres,
                [ServiceSettings.RabbitMqVariable] = rabbitMq.ToString(),
                ["BUDGETMESH_INTAKE_URL"] = upstream.Address.ToString(),
                ["BUDGETMESH_RECONCILER_URL"] = upstream.Address.ToString(),
                [PublicationSettings.KeyVariable] = StubUpstream.OperatorKey,
                [PublicationSettings.WebsiteUrlVariable] = website.WriteUrl.ToString(),
                [PublicationSettings.WebsiteUserVariable] = website.Username,
                [PublicationSettings.WebsitePasswordVariable] = website.Password,
                [PublicationSettings.MaxRetryDelayVariable] = "1",
            });
            builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        });
        await app.StartAsync();
        var host = new PublicationHost(app, new GrpcClient(new GrpcClientOptions { Address = app.GrpcAddress() }));
        var connector = app.Services.GetRequiredService<IReceiveEndpointConnector>();
        host._listener = connector.ConnectReceiveEndpoint("publication-tests-" + Guid.NewGuid().ToString("N"), (_, endpoint) =>
        {
            endpoint.Handler<DisclosurePublished>(context =>
            {
                host.Published.Enqueue(context.Message);
                return Task.CompletedTask;
            });
            endpoint.Handler<DisclosureRetracted>(context =>
            {
                host.Retracted.Enqueue(context.Message);
                return Task.CompletedTask;
            });
        });
        await host._listener.Ready;
        return host;
    }

    public Task ApproveAsync(Guid submission, int revision, string hash, string? overrideReason = null) =>
        Bus.Publish(new DisclosureApproved(Guid.NewGuid(), submission, revision, hash, "审核员甲 (operator)", overrideReason, DateTimeOffset.UtcNow));

    public Task<TResponse> CallAsync<TRequest, TResponse>(string method, TRequest request, string? key = StubUpstream.OperatorKey)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var headers = new Metadata();
        if (key is not null)
        {
            headers.Add("authorization", "Bearer " + key);
        }

        return Client.UnaryAsync<TRequest, TResponse>(Service.FindMethodByName(method), request, new CallOptions { Timeout = TimeSpan.FromSeconds(20), Headers = headers });
    }

    public async Task<Contracts.Publication.V1.Publication> GetAsync(Guid submission) =>
        (await CallAsync<GetPublicationRequest, GetPublicationResponse>("GetPublication", new GetPublicationRequest { SubmissionId = submission.ToString() })).Publication;

    /// <summary>Polls GetPublication until <paramref name="ready"/> holds (the publication may not exist yet).</summary>
    public async Task<Contracts.Publication.V1.Publication> WaitForAsync(Guid submission, Func<Contracts.Publication.V1.Publication, bool> ready, TimeSpan? patience = null)
    {
        var until = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(30));
        Contracts.Publication.V1.Publication? last = null;
        while (DateTime.UtcNow < until)
        {
            try
            {
                last = await GetAsync(submission);
                if (ready(last))
                {
                    return last;
                }
            }
            catch (GrpcStatusException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"Publication {submission} never got there; last seen: {last}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is { } listener)
        {
            await listener.StopAsync();
        }

        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
