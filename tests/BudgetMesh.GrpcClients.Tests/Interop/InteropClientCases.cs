using BudgetMesh.InteropServer.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace BudgetMesh.GrpcClients.Tests.Interop;

/// <summary>
/// The client side of gRPC's interop cases (interop-test-descriptions.md) on the generated typed clients, through the
/// project's policy interceptor, so any server that passes them speaks to our clients as to any gRPC client.
/// </summary>
internal static class InteropClientCases
{
    public static readonly string[] Names =
    [
        "empty_unary", "large_unary", "client_compressed_unary", "server_compressed_unary", "client_streaming",
        "server_streaming", "ping_pong", "empty_stream", "timeout_on_sleeping_server", "cancel_after_begin",
        "cancel_after_first_response", "status_code_and_message", "special_status_message", "unimplemented_method",
        "unimplemented_service", "custom_metadata",
    ];

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(10);

    public static Task RunAsync(string name, CallInvoker invoker)
    {
        var client = new TestService.TestServiceClient(invoker);
        return name switch
        {
            "empty_unary" => EmptyUnary(client),
            "large_unary" => LargeUnary(client),
            "client_compressed_unary" => ClientCompressedUnary(client),
            "server_compressed_unary" => ServerCompressedUnary(client),
            "client_streaming" => ClientStreaming(client),
            "server_streaming" => ServerStreaming(client),
            "ping_pong" => PingPong(client),
            "empty_stream" => EmptyStream(client),
            "timeout_on_sleeping_server" => TimeoutOnSleepingServer(client),
            "cancel_after_begin" => CancelAfterBegin(client),
            "cancel_after_first_response" => CancelAfterFirstResponse(client),
            "status_code_and_message" => StatusCodeAndMessage(client),
            "special_status_message" => SpecialStatusMessage(client),
            "unimplemented_method" => UnimplementedMethod(client),
            "unimplemented_service" => UnimplementedServiceCall(new UnimplementedService.UnimplementedServiceClient(invoker)),
            "custom_metadata" => CustomMetadata(client),
            _ => throw new ArgumentException($"Unknown interop case {name}", nameof(name)),
        };
    }

    private static async Task EmptyUnary(TestService.TestServiceClient client)
    {
        var response = await client.EmptyCallAsync(new Empty(), deadline: Deadline());
        Assert.Equal(new Empty(), response);
    }

    private static async Task LargeUnary(TestService.TestServiceClient client)
    {
        var response = await client.UnaryCallAsync(new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, deadline: Deadline());
        Assert.Equal(314159, response.Payload.Body.Length);
        Assert.All(response.Payload.Body, b => Assert.Equal(0, b));
    }

    private static async Task ClientCompressedUnary(TestService.TestServiceClient client)
    {
        static SimpleRequest Request(bool expect) => new() { ExpectCompressed = new BoolValue { Value = expect }, ResponseSize = 314159, Payload = Zeros(271828) };
        // grpc-dotnet compresses a request when this header names a provider the channel has (gzip is built in).
        var gzip = new Metadata { { "grpc-internal-encoding-request", "gzip" } };
        var probe = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(Request(true), deadline: Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, probe.StatusCode);
        var compressed = await client.UnaryCallAsync(Request(true), gzip, Deadline());
        Assert.Equal(314159, compressed.Payload.Body.Length);
        var plain = await client.UnaryCallAsync(Request(false), deadline: Deadline());
        Assert.Equal(314159, plain.Payload.Body.Length);
    }

    private static async Task ServerCompressedUnary(TestService.TestServiceClient client)
    {
        foreach (var compressed in new[] { true, false })
        {
            var response = await client.UnaryCallAsync(new SimpleRequest
            {
                ResponseCompressed = new BoolValue { Value = compressed },
                ResponseSize = 314159,
                Payload = Zeros(271828),
            }, deadline: Deadline());
            Assert.Equal(314159, response.Payload.Body.Length);
        }
    }

    private static async Task ClientStreaming(TestService.TestServiceClient client)
    {
        using var call = client.StreamingInputCall(deadline: Deadline());
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) });
        }
        await call.RequestStream.CompleteAsync();
        Assert.Equal(74922, (await call.ResponseAsync).AggregatedPayloadSize);
    }

    private static async Task ServerStreaming(TestService.TestServiceClient client)
    {
        int[] sizes = [31415, 9, 2653, 58979];
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(sizes.Select(s => new ResponseParameters { Size = s }));
        using var call = client.StreamingOutputCall(request, deadline: Deadline());
        var received = await call.ResponseStream.ReadAllAsync().Select(r => r.Payload.Body.Length).ToListAsync();
        Assert.Equal(sizes, received);
    }

    private static StreamingOutputCallRequest Ping(int responseSize, int payloadSize)
    {
        var request = new StreamingOutputCallRequest { Payload = Zeros(payloadSize) };
        request.ResponseParameters.Add(new ResponseParameters { Size = responseSize });
        return request;
    }

    private static async Task PingPong(TestService.TestServiceClient client)
    {
        using var call = client.FullDuplexCall(deadline: Deadline());
        foreach (var (responseSize, payloadSize) in new[] { (31415, 27182), (9, 8), (2653, 1828), (58979, 45904) })
        {
            await call.RequestStream.WriteAsync(Ping(responseSize, payloadSize));
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(responseSize, call.ResponseStream.Current.Payload.Body.Length);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    private static async Task EmptyStream(TestService.TestServiceClient client)
    {
        using var call = client.FullDuplexCall(deadline: Deadline());
        await call.RequestStream.CompleteAsync();
        Assert.Empty(await call.ResponseStream.ReadAllAsync().ToListAsync());
    }

    private static async Task TimeoutOnSleepingServer(TestService.TestServiceClient client)
    {
        using var call = client.FullDuplexCall(deadline: DateTime.UtcNow.AddMilliseconds(1));
        try
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { Payload = Zeros(27182) });
        }
        catch (RpcException ex)
        {
            // The deadline may already have passed when writing; that is the same outcome.
            Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
            return;
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    private static async Task CancelAfterBegin(TestService.TestServiceClient client)
    {
        using var cts = new CancellationTokenSource();
        using var call = client.StreamingInputCall(deadline: Deadline(), cancellationToken: cts.Token);
        await cts.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private static async Task CancelAfterFirstResponse(TestService.TestServiceClient client)
    {
        using var cts = new CancellationTokenSource();
        using var call = client.FullDuplexCall(deadline: Deadline(), cancellationToken: cts.Token);
        await call.RequestStream.WriteAsync(Ping(31415, 27182));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(31415, call.ResponseStream.Current.Payload.Body.Length);
        await cts.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private static async Task StatusCodeAndMessage(TestService.TestServiceClient client)
    {
        var status = new EchoStatus { Code = 2, Message = "test status message" };
        var unary = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { ResponseStatus = status }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.Unknown, unary.StatusCode);
        Assert.Equal("test status message", unary.Status.Detail);

        using var call = client.FullDuplexCall(deadline: Deadline());
        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = status });
        await call.RequestStream.CompleteAsync();
        var duplex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.ReadAllAsync().ToListAsync().AsTask());
        Assert.Equal(StatusCode.Unknown, duplex.StatusCode);
        Assert.Equal("test status message", duplex.Status.Detail);
    }

    private static async Task SpecialStatusMessage(TestService.TestServiceClient client)
    {
        const string message = "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \U0001F608\t\n";
        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(
            new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = message } }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Equal(message, error.Status.Detail);
    }

    private static async Task UnimplementedMethod(TestService.TestServiceClient client)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnimplementedCallAsync(new Empty(), deadline: Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    private static async Task UnimplementedServiceCall(UnimplementedService.UnimplementedServiceClient client)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnimplementedCallAsync(new Empty(), deadline: Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    private static async Task CustomMetadata(TestService.TestServiceClient client)
    {
        static Metadata Headers() => new()
        {
            { "x-grpc-test-echo-initial", "test_initial_metadata_value" },
            { "x-grpc-test-echo-trailing-bin", new byte[] { 0xab, 0xab, 0xab } },
        };
        static void Check(Metadata headers, Metadata trailers)
        {
            Assert.Equal("test_initial_metadata_value", headers.GetValue("x-grpc-test-echo-initial"));
            Assert.Equal(new byte[] { 0xab, 0xab, 0xab }, trailers.GetValueBytes("x-grpc-test-echo-trailing-bin"));
        }

        using (var unary = client.UnaryCallAsync(new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, Headers(), Deadline()))
        {
            Assert.Equal(314159, (await unary.ResponseAsync).Payload.Body.Length);
            Check(await unary.ResponseHeadersAsync, unary.GetTrailers());
        }

        using var duplex = client.FullDuplexCall(Headers(), Deadline());
        await duplex.RequestStream.WriteAsync(Ping(314159, 271828));
        await duplex.RequestStream.CompleteAsync();
        var responses = await duplex.ResponseStream.ReadAllAsync().ToListAsync();
        Assert.Equal(314159, Assert.Single(responses).Payload.Body.Length);
        Check(await duplex.ResponseHeadersAsync, duplex.GetTrailers());
    }
}
