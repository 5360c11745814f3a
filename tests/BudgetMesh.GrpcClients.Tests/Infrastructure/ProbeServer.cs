using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using BudgetMesh.GrpcClients.Tests.Probe;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BudgetMesh.GrpcClients.Tests.Infrastructure;

/// <summary>A grpc-dotnet server with the probe service on a free loopback port (h2c, or TLS with a certificate).</summary>
public sealed class ProbeServer : IAsyncLifetime
{
    private readonly X509Certificate2? _certificate;
    private readonly int _port;
    private WebApplication? _app;

    public ProbeServer() : this(null)
    {
    }

    internal ProbeServer(X509Certificate2? certificate, int port = 0)
    {
        _certificate = certificate;
        _port = port;
    }

    /// <summary>A server on <paramref name="port"/>, e.g. the port of a replica that was stopped, to start it again.</summary>
    internal static ProbeServer OnPort(int port) => new(null, port);

    public Uri Address { get; private set; } = null!;

    internal ProbeState State { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port, listen =>
        {
            listen.Protocols = _certificate is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
            if (_certificate is not null)
            {
                listen.UseHttps(_certificate);
            }
        }));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(State);
        _app = builder.Build();
        _app.MapGrpcService<ProbeHandlers>();
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public GrpcPeerChannel Channel(GrpcClientPolicy? policy = null, Action<System.Net.Http.SocketsHttpHandler>? configureHandler = null) =>
        new(Address, policy, configureHandler);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>What the probe handlers saw, keyed by the test that asked.</summary>
internal sealed class ProbeState
{
    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    private int _echoes;

    /// <summary>Echo calls this server answered.</summary>
    public int Echoes => Volatile.Read(ref _echoes);

    public void Echoed() => Interlocked.Increment(ref _echoes);

    public ConcurrentDictionary<string, TaskCompletionSource> Cancelled { get; } = new();

    public ConcurrentDictionary<string, TaskCompletionSource> Started { get; } = new();

    public int Attempt(string key) => Attempts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public int AttemptsOf(string key) => Attempts.GetValueOrDefault(key);

    public TaskCompletionSource StartedFor(string key) =>
        Started.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public TaskCompletionSource CancelledFor(string key) =>
        Cancelled.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

internal sealed class ProbeHandlers(ProbeState state) : Probe.ProbeService.ProbeServiceBase
{
    public override Task<EchoReply> Echo(EchoRequest request, ServerCallContext context)
    {
        state.Echoed();
        return Task.FromResult(new EchoReply { Text = request.Text });
    }

    public override Task<EchoReply> Fail(FailRequest request, ServerCallContext context)
    {
        var attempt = state.Attempt(request.Key);
        if (request.FailTimes > 0 && attempt > request.FailTimes)
        {
            return Task.FromResult(new EchoReply { Text = "ok", Number = attempt });
        }
        if (request.WithViolations)
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = "package.year", Description = "must be 2000-2100" });
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = "package.lines[3].amount", Description = "must not be negative" });
            throw new Google.Rpc.Status { Code = (int)Code.InvalidArgument, Message = request.Message, Details = { Any.Pack(badRequest) } }.ToRpcException();
        }
        context.ResponseTrailers.Add("x-failed-by", "probe");
        throw new RpcException(new global::Grpc.Core.Status((StatusCode)request.Code, request.Message));
    }

    public override async Task<EchoReply> Sleep(SleepRequest request, ServerCallContext context)
    {
        state.StartedFor(request.Key).TrySetResult();
        try
        {
            await Task.Delay(request.Milliseconds, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            state.CancelledFor(request.Key).TrySetResult();
            throw;
        }
        return new EchoReply { Text = "slept" };
    }

    public override async Task Count(CountRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        var attempt = state.Attempt(request.Key);
        if (attempt <= request.FailFirst)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unavailable, $"not yet (attempt {attempt})"));
        }
        for (var i = 1; i <= request.To; i++)
        {
            if (request.FailAfter > 0 && i > request.FailAfter)
            {
                throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unavailable, "went away"));
            }
            await responseStream.WriteAsync(new EchoReply { Number = i, Text = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture) }, context.CancellationToken);
        }
    }
}
