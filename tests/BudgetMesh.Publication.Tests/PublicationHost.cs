using System.Collections.Concurrent;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.Testing;
using Grpc.Core;
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
    private readonly WebApplication _app;
    private readonly GrpcPeerChannel _channel;
    private HostReceiveEndpointHandle? _listener;

    private PublicationHost(WebApplication app, GrpcPeerChannel channel)
    {
        _app = app;
        _channel = channel;
        Client = new PublicationService.PublicationServiceClient(channel.CallInvoker);
    }

    public PublicationService.PublicationServiceClient Client { get; }

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
        var host = new PublicationHost(app, new GrpcPeerChannel(app.GrpcAddress()));
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

    /// <summary>A call with <paramref name="key"/> (none when null) and a 20 s deadline.</summary>
    public static CallOptions As(string? key = StubUpstream.OperatorKey) =>
        new(key is null ? [] : new Metadata { { "authorization", "Bearer " + key } }, DateTime.UtcNow.AddSeconds(20));

    public async Task<Contracts.Publication.V1.Publication> GetAsync(Guid submission) =>
        (await Client.GetPublicationAsync(new GetPublicationRequest { SubmissionId = submission.ToString() }, As())).Publication;

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
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
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

        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
