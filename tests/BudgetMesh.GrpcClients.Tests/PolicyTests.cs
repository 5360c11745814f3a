using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BudgetMesh.GrpcClients.Tests.Infrastructure;
using BudgetMesh.GrpcClients.Tests.Probe;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.GrpcClients.Tests;

/// <summary>Typed grpc-dotnet clients under the project's policy, against a grpc-dotnet server on a real socket.</summary>
public sealed class PolicyTests(ProbeServer server) : IClassFixture<ProbeServer>
{
    private static ProbeService.ProbeServiceClient Client(GrpcPeerChannel channel) => new(channel.CallInvoker);

    private static GrpcClientPolicy FastRetries(int attempts = 3) => new() { RetryBaseDelay = TimeSpan.FromMilliseconds(10), MaxRetryAttempts = attempts };

    [Fact]
    public async Task A_deadline_ends_the_call_on_the_client_and_fires_the_handlers_token()
    {
        using var channel = server.Channel();
        var key = Guid.NewGuid().ToString();
        var watch = Stopwatch.StartNew();
        // Long enough for the request to reach the handler on a loaded machine, so that its token has something to fire.
        var error = await Assert.ThrowsAsync<RpcException>(() => Client(channel).SleepAsync(
            new SleepRequest { Milliseconds = 60_000, Key = key }, deadline: DateTime.UtcNow.AddSeconds(2)).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(1900), TimeSpan.FromSeconds(20));
        await server.State.CancelledFor(key).Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Every_call_gets_the_default_deadline_when_the_caller_sets_none()
    {
        using var channel = server.Channel(new GrpcClientPolicy { DefaultDeadline = TimeSpan.FromSeconds(2) });
        var key = Guid.NewGuid().ToString();
        var unary = await Assert.ThrowsAsync<RpcException>(() => Client(channel).SleepAsync(new SleepRequest { Milliseconds = 60_000, Key = key }).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, unary.StatusCode);
        await server.State.CancelledFor(key).Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_callers_deadline_is_kept_when_it_is_later_than_the_default()
    {
        using var channel = server.Channel(new GrpcClientPolicy { DefaultDeadline = TimeSpan.FromMilliseconds(100) });
        var reply = await Client(channel).SleepAsync(new SleepRequest { Milliseconds = 400, Key = Guid.NewGuid().ToString() },
            deadline: DateTime.UtcNow.AddSeconds(20));
        Assert.Equal("slept", reply.Text);
    }

    [Fact]
    public async Task Cancelling_ends_the_call_with_cancelled_and_fires_the_handlers_token()
    {
        using var channel = server.Channel();
        var key = Guid.NewGuid().ToString();
        using var cts = new CancellationTokenSource();
        var call = Client(channel).SleepAsync(new SleepRequest { Milliseconds = 60_000, Key = key }, cancellationToken: cts.Token);
        await server.State.StartedFor(key).Task.WaitAsync(TimeSpan.FromSeconds(20));
        await cts.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await server.State.CancelledFor(key).Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Unavailable_is_retried_and_caller_faults_are_not()
    {
        using var channel = server.Channel(FastRetries());
        var unavailable = Guid.NewGuid().ToString();
        var error = await Assert.ThrowsAsync<RpcException>(() => Client(channel).FailAsync(new FailRequest { Code = 14, Key = unavailable }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(4, server.State.AttemptsOf(unavailable));

        foreach (var code in new[] { StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.FailedPrecondition, StatusCode.PermissionDenied, StatusCode.Internal })
        {
            var key = Guid.NewGuid().ToString();
            var fault = await Assert.ThrowsAsync<RpcException>(() => Client(channel).FailAsync(new FailRequest { Code = (int)code, Key = key }).ResponseAsync);
            Assert.Equal(code, fault.StatusCode);
            Assert.Equal(1, server.State.AttemptsOf(key));
        }
    }

    [Fact]
    public async Task A_retried_call_answers_with_the_attempt_that_succeeded_and_its_status()
    {
        using var channel = server.Channel(FastRetries());
        var key = Guid.NewGuid().ToString();
        using var call = Client(channel).FailAsync(new FailRequest { Code = 14, Key = key, FailTimes = 2 });
        var reply = await call.ResponseAsync;
        Assert.Equal(3, reply.Number);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.NotNull(await call.ResponseHeadersAsync);
    }

    [Fact]
    public async Task Retries_stay_within_the_calls_deadline()
    {
        using var channel = server.Channel(new GrpcClientPolicy { RetryBaseDelay = TimeSpan.FromMilliseconds(100), MaxRetryAttempts = 10 });
        var key = Guid.NewGuid().ToString();
        // Warm the connection so the first call's setup does not eat into the budget being measured.
        await Client(channel).EchoAsync(new EchoRequest());
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client(channel).FailAsync(new FailRequest { Code = 14, Key = key }, deadline: DateTime.UtcNow.AddSeconds(3)).ResponseAsync);
        // Either the last retry did not fit (UNAVAILABLE) or the deadline passed during an attempt; never a sleep past it.
        // Over a real socket only the outline is checked, with room for a loaded machine; the exact rule (no sleep past
        // the deadline, for any jitter) is ClientResilienceTests' on a simulated clock.
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.DeadlineExceeded });
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.InRange(server.State.AttemptsOf(key), 2, 11);
    }

    [Fact]
    public async Task Interactive_calls_go_out_once()
    {
        using var channel = server.Channel(GrpcClientPolicy.Interactive());
        var key = Guid.NewGuid().ToString();
        var error = await Assert.ThrowsAsync<RpcException>(() => Client(channel).FailAsync(new FailRequest { Code = 14, Key = key }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, server.State.AttemptsOf(key));
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_unavailable_and_fails_fast()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = new GrpcPeerChannel(new Uri($"http://127.0.0.1:{closedPort}"), new GrpcClientPolicy
        {
            MaxRetryAttempts = 0,
            CircuitBreakerMinimumThroughput = 2,
            CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(10),
            CircuitBreakerBreakDuration = TimeSpan.FromSeconds(10),
        });
        var errors = new List<RpcException>();
        for (var i = 0; i < 4; i++)
        {
            errors.Add(await Assert.ThrowsAsync<RpcException>(() => Client(channel).EchoAsync(new EchoRequest()).ResponseAsync));
        }
        Assert.All(errors, e => Assert.Equal(StatusCode.Unavailable, e.StatusCode));
        Assert.Contains("circuit", errors[^1].Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("circuit", errors[0].Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Field_violations_and_trailers_reach_the_client()
    {
        using var channel = server.Channel();
        var invalid = await Assert.ThrowsAsync<RpcException>(() =>
            Client(channel).FailAsync(new FailRequest { WithViolations = true, Message = "bad package", Key = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal("bad package", invalid.Status.Detail);
        Assert.Equal(["package.year", "package.lines[3].amount"], invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));

        var notFound = await Assert.ThrowsAsync<RpcException>(() =>
            Client(channel).FailAsync(new FailRequest { Code = 5, Message = "no such budget", Key = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("probe", notFound.Trailers.GetValue("x-failed-by"));
    }

    [Fact]
    public async Task A_server_stream_is_retried_while_it_is_being_established()
    {
        using var channel = server.Channel(FastRetries());
        var key = Guid.NewGuid().ToString();
        using var call = Client(channel).Count(new CountRequest { To = 200, Key = key, FailFirst = 2 });
        var replies = await call.ResponseStream.ReadAllAsync().ToListAsync();
        Assert.Equal(Enumerable.Range(1, 200), replies.Select(r => r.Number));
        Assert.All(replies, r => Assert.Equal("3", r.Text));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task A_server_stream_is_not_retried_once_a_message_was_read()
    {
        using var channel = server.Channel(FastRetries());
        var key = Guid.NewGuid().ToString();
        using var call = Client(channel).Count(new CountRequest { To = 10, Key = key, FailAfter = 3 });
        var numbers = new List<int>();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var reply in call.ResponseStream.ReadAllAsync())
            {
                numbers.Add(reply.Number);
            }
        });
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal([1, 2, 3], numbers);
        Assert.Equal(1, server.State.AttemptsOf(key));
    }

    [Fact]
    public async Task A_server_stream_that_stays_unavailable_ends_with_unavailable_after_the_retries()
    {
        using var channel = server.Channel(FastRetries());
        var key = Guid.NewGuid().ToString();
        using var call = Client(channel).Count(new CountRequest { To = 1, Key = key, FailFirst = 100 });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(4, server.State.AttemptsOf(key));
        Assert.Equal(StatusCode.Unavailable, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Typed_clients_come_from_the_client_factory_and_share_one_circuit_per_peer()
    {
        var services = new ServiceCollection();
        services.AddGrpcPeerClient<ProbeService.ProbeServiceClient>("probe", server.Address, FastRetries());
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ProbeService.ProbeServiceClient>();
        Assert.Equal("factory", (await client.EchoAsync(new EchoRequest { Text = "factory" })).Text);

        var key = Guid.NewGuid().ToString();
        var error = await Assert.ThrowsAsync<RpcException>(() => client.FailAsync(new FailRequest { Code = 14, Key = key }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(4, server.State.AttemptsOf(key));
    }

    [Fact]
    public async Task A_factory_client_of_a_peer_that_is_down_opens_that_peers_circuit_for_every_client_of_it()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var services = new ServiceCollection();
        var policy = new GrpcClientPolicy
        {
            MaxRetryAttempts = 0,
            CircuitBreakerMinimumThroughput = 2,
            CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(10),
            CircuitBreakerBreakDuration = TimeSpan.FromSeconds(10),
        };
        services.AddGrpcPeerClient<ProbeService.ProbeServiceClient>("down", new Uri($"http://127.0.0.1:{closedPort}"), policy);
        await using var provider = services.BuildServiceProvider();
        var errors = new List<RpcException>();
        for (var i = 0; i < 4; i++)
        {
            // A new typed client each time, as a transient injection gets.
            var client = provider.GetRequiredService<ProbeService.ProbeServiceClient>();
            errors.Add(await Assert.ThrowsAsync<RpcException>(() => client.EchoAsync(new EchoRequest()).ResponseAsync));
        }
        Assert.All(errors, e => Assert.Equal(StatusCode.Unavailable, e.StatusCode));
        Assert.Contains("circuit", errors[^1].Status.Detail, StringComparison.Ordinal);
    }
}
