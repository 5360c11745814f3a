using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BudgetMesh.Grpc.Tests.Infrastructure;
using BudgetMesh.Grpc.Tests.Probe;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Grpc.Tests.Client;

/// <summary>Our client against our server on a real socket: errors, deadlines, limits, metadata, resilience.</summary>
public sealed class ClientTests(TestServer server) : IClassFixture<TestServer>
{
    private static Task<EchoReply> Echo(GrpcClient client, EchoRequest request, CallOptions? options = null) =>
        client.UnaryAsync<EchoRequest, EchoReply>(TestServer.Probe("Echo"), request, options);

    private static Task<EchoReply> Fail(GrpcClient client, FailRequest request, CallOptions? options = null) =>
        client.UnaryAsync<FailRequest, EchoReply>(TestServer.Probe("Fail"), request, options);

    [Fact]
    public async Task Unary_calls_carry_ascii_and_binary_metadata()
    {
        using var client = server.CreateClient();
        var reply = await Echo(client, new EchoRequest { Text = "hello", Blob = Google.Protobuf.ByteString.CopyFrom(1, 2, 3) },
            new CallOptions { Headers = new Metadata { { "x-echo", "world" } } });
        Assert.Equal("hello|world", reply.Text);
        Assert.Equal(new byte[] { 1, 2, 3 }, reply.Blob.ToByteArray());
    }

    [Fact]
    public async Task Server_streaming_delivers_every_message_in_order()
    {
        using var client = server.CreateClient();
        using var call = client.StartServerStreaming<CountRequest, EchoReply>(TestServer.Probe("Count"), new CountRequest { To = 500 });
        var numbers = await call.ReadAllAsync().Select(r => r.Number).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 500), numbers);
        Assert.Empty(call.GetTrailers());
    }

    [Fact]
    public async Task A_deadline_ends_the_call_on_the_client_and_fires_the_handlers_token()
    {
        using var client = server.CreateClient();
        var key = Guid.NewGuid().ToString();
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => client.UnaryAsync<SleepRequest, EchoReply>(
            TestServer.Probe("Sleep"), new SleepRequest { Milliseconds = 20_000, Key = key }, new CallOptions { Timeout = TimeSpan.FromMilliseconds(300) }));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        await server.State.SleepCancelledFor(key).Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Every_call_gets_the_default_deadline_when_the_caller_sets_none()
    {
        using var client = server.CreateClient(o => o.DefaultDeadline = TimeSpan.FromMilliseconds(200));
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => client.UnaryAsync<SleepRequest, EchoReply>(
            TestServer.Probe("Sleep"), new SleepRequest { Milliseconds = 20_000, Key = Guid.NewGuid().ToString() }));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Cancelling_ends_the_call_with_cancelled_and_fires_the_handlers_token()
    {
        using var client = server.CreateClient();
        var key = Guid.NewGuid().ToString();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => client.UnaryAsync<SleepRequest, EchoReply>(
            TestServer.Probe("Sleep"), new SleepRequest { Milliseconds = 20_000, Key = key }, new CallOptions { CancellationToken = cts.Token }));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await server.State.SleepCancelledFor(key).Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Field_violations_and_trailers_reach_the_client()
    {
        using var client = server.CreateClient();
        var invalid = await Assert.ThrowsAsync<GrpcStatusException>(() => Fail(client, new FailRequest { WithViolations = true, Message = "bad package" }));
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal("bad package", invalid.Detail);
        Assert.Equal(["package.year", "package.lines[3].amount"], invalid.FieldViolations.Select(v => v.Field));

        var notFound = await Assert.ThrowsAsync<GrpcStatusException>(() => Fail(client, new FailRequest { Code = 5, Message = "no such budget" }));
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("probe", notFound.Trailers.GetValue("x-failed-by"));
    }

    [Fact]
    public async Task An_unexpected_handler_exception_is_unknown_without_its_internals()
    {
        using var client = server.CreateClient();
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => Fail(client, new FailRequest { ThrowUnexpected = true }));
        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.DoesNotContain("secret", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unimplemented_methods_are_unimplemented()
    {
        using var client = server.CreateClient();
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => client.UnaryAsync<EchoRequest, EchoReply>(TestServer.Probe("Missing"), new EchoRequest()));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Message_size_limits_hold_on_both_sides()
    {
        using var client = server.CreateClient(o => o.MaxReceiveMessageSize = 32 * 1024);
        var tooBigRequest = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            Echo(client, new EchoRequest { Blob = Google.Protobuf.ByteString.CopyFrom(new byte[TestServer.ProbeMaxReceiveMessageSize + 1]) }));
        Assert.Equal(StatusCode.ResourceExhausted, tooBigRequest.StatusCode);
        var tooBigResponse = await Assert.ThrowsAsync<GrpcStatusException>(() => Echo(client, new EchoRequest { ReplySize = 40 * 1024 }));
        Assert.Equal(StatusCode.ResourceExhausted, tooBigResponse.StatusCode);
        Assert.Equal(16 * 1024, (await Echo(client, new EchoRequest { ReplySize = 16 * 1024 })).Blob.Length);
    }

    [Fact]
    public async Task Compressed_requests_get_compressed_responses_that_the_client_reads()
    {
        using var client = server.CreateClient();
        var reply = await Echo(client, new EchoRequest { Text = "zip", ReplySize = 100_000 }, new CallOptions { CompressRequest = true });
        Assert.Equal(100_000, reply.Blob.Length);
    }

    [Theory]
    [InlineData("Unavailable", StatusCode.Unavailable)]
    [InlineData("NoStatus", StatusCode.Internal)]
    [InlineData("NotGrpc", StatusCode.Unknown)]
    public async Task Non_grpc_responses_map_to_a_status(string method, StatusCode expected)
    {
        using var client = server.CreateClient(o => o.MaxRetryAttempts = 0);
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => client.UnaryAsync<EchoRequest, EchoReply>(TestServer.Broken(method), new EchoRequest()));
        Assert.Equal(expected, error.StatusCode);
    }

    [Fact]
    public async Task Unavailable_is_retried_and_caller_faults_are_not()
    {
        using var client = server.CreateClient(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(10));
        var unavailable = Guid.NewGuid().ToString();
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => Fail(client, new FailRequest { Code = 14, Key = unavailable }));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(4, server.State.FailAttempts[unavailable]);

        foreach (var code in new[] { StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.FailedPrecondition, StatusCode.PermissionDenied, StatusCode.Internal })
        {
            var key = Guid.NewGuid().ToString();
            await Assert.ThrowsAsync<GrpcStatusException>(() => Fail(client, new FailRequest { Code = (int)code, Key = key }));
            Assert.Equal(1, server.State.FailAttempts[key]);
        }
    }

    [Fact]
    public async Task Retries_stay_within_the_calls_deadline()
    {
        using var client = server.CreateClient(o => { o.RetryBaseDelay = TimeSpan.FromMilliseconds(100); o.MaxRetryAttempts = 10; });
        var key = Guid.NewGuid().ToString();
        // Warm the connection so the first call's setup does not eat into the budget being measured.
        await Echo(client, new EchoRequest());
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            Fail(client, new FailRequest { Code = 14, Key = key }, new CallOptions { Timeout = TimeSpan.FromSeconds(3) }));
        // Either the last retry did not fit (UNAVAILABLE) or the deadline passed during an attempt; never a sleep past it.
        // Over a real socket only the outline is checked, with room for a loaded machine; the exact rule (no sleep past
        // the deadline, for any jitter) is ClientResilienceTests' on a simulated clock.
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.DeadlineExceeded });
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.InRange(server.State.FailAttempts[key], 2, 11);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_unavailable_and_fails_fast()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new GrpcClient(new GrpcClientOptions
        {
            Address = new Uri($"http://127.0.0.1:{closedPort}"),
            MaxRetryAttempts = 0,
            CircuitBreakerMinimumThroughput = 2,
            CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(10),
            CircuitBreakerBreakDuration = TimeSpan.FromSeconds(10),
        });
        var errors = new List<GrpcStatusException>();
        for (var i = 0; i < 4; i++)
        {
            errors.Add(await Assert.ThrowsAsync<GrpcStatusException>(() => Echo(client, new EchoRequest())));
        }
        Assert.All(errors, e => Assert.Equal(StatusCode.Unavailable, e.StatusCode));
        Assert.Contains("circuit", errors[^1].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("circuit", errors[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_and_server_spans_of_one_call_share_a_trace_id()
    {
        var spans = new System.Collections.Concurrent.ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "BudgetMesh.Grpc",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var client = server.CreateClient();

        var reply = await Echo(client, new EchoRequest { Text = "traced" });

        var clientSpan = Assert.Single(spans, s => s.Kind == ActivityKind.Client && s.TraceId.ToString() == reply.TraceId);
        var serverSpan = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.TraceId == clientSpan.TraceId);
        // ASP.NET Core's own request activity may sit between the two; it continues the same trace.
        Assert.Contains(clientSpan.SpanId, new[] { serverSpan.ParentSpanId, serverSpan.Parent?.ParentSpanId ?? default });
        foreach (var span in new[] { clientSpan, serverSpan })
        {
            Assert.Equal("grpc", span.GetTagItem("rpc.system"));
            Assert.Equal("budgetmesh.grpctests.v1.ProbeService", span.GetTagItem("rpc.service"));
            Assert.Equal("Echo", span.GetTagItem("rpc.method"));
            Assert.Equal(0, span.GetTagItem("rpc.grpc.status_code"));
        }
        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task Named_clients_come_from_the_factory_one_per_endpoint()
    {
        var services = new ServiceCollection();
        services.AddGrpcClient("probe", o => o.Address = server.Address);
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IGrpcClientFactory>();
        Assert.Same(factory.GetClient("probe"), factory.GetClient("probe"));
        Assert.Equal("factory", (await Echo(factory.GetClient("probe"), new EchoRequest { Text = "factory" })).Text);
    }

    [Fact]
    public void Calls_are_checked_against_the_descriptor()
    {
        using var client = server.CreateClient();
        Assert.Throws<ArgumentException>(() => client.StartUnary<FailRequest, EchoReply>(TestServer.Probe("Echo"), new FailRequest()));
        Assert.Throws<ArgumentException>(() => client.StartUnary<CountRequest, EchoReply>(TestServer.Probe("Count"), new CountRequest()));
    }
}

/// <summary>The same server over TLS (HTTP/2 by ALPN) with a certificate the client pins.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = CreateCertificate();
    private TestServer _server = null!;

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public async Task InitializeAsync()
    {
        _server = new TestServer(_certificate);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task Calls_work_over_tls()
    {
        Assert.Equal("https", _server.Address.Scheme);
        var thumbprint = _certificate.GetCertHashString();
        using var client = _server.CreateClient(o => o.ConfigureHandler = handler =>
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint);
        var reply = await client.UnaryAsync<EchoRequest, EchoReply>(TestServer.Probe("Echo"), new EchoRequest { Text = "secure" });
        Assert.Equal("secure", reply.Text);
    }
}
