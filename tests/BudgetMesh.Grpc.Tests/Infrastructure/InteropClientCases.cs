using BudgetMesh.InteropServer.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Grpc.Tests.Infrastructure;

/// <summary>The client side of the interop cases (interop-test-descriptions.md), written on our GrpcClient.</summary>
internal static class InteropClientCases
{
    public static readonly string[] Names =
    [
        "empty_unary", "large_unary", "client_compressed_unary", "server_compressed_unary", "client_streaming",
        "server_streaming", "ping_pong", "empty_stream", "timeout_on_sleeping_server", "cancel_after_begin",
        "cancel_after_first_response", "status_code_and_message", "special_status_message", "unimplemented_method",
        "unimplemented_service", "custom_metadata",
    ];

    private static readonly ServiceDescriptor TestService = TestReflection.Descriptor.Services.Single(s => s.Name == "TestService");
    private static readonly ServiceDescriptor UnimplementedService = TestReflection.Descriptor.Services.Single(s => s.Name == "UnimplementedService");

    private static MethodDescriptor M(string name) => TestService.FindMethodByName(name);

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };

    private static CallOptions Timeout(Metadata? headers = null, bool compress = false) =>
        new() { Timeout = TimeSpan.FromSeconds(10), Headers = headers, CompressRequest = compress };

    public static Task RunAsync(string name, GrpcClient client) => name switch
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
        "unimplemented_service" => UnimplementedServiceCall(client),
        "custom_metadata" => CustomMetadata(client),
        _ => throw new ArgumentException($"Unknown interop case {name}", nameof(name)),
    };

    private static async Task EmptyUnary(GrpcClient client)
    {
        var response = await client.UnaryAsync<Empty, Empty>(M("EmptyCall"), new Empty(), Timeout());
        Assert.Equal(new Empty(), response);
    }

    private static async Task LargeUnary(GrpcClient client)
    {
        var response = await client.UnaryAsync<SimpleRequest, SimpleResponse>(M("UnaryCall"),
            new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, Timeout());
        Assert.Equal(314159, response.Payload.Body.Length);
        Assert.All(response.Payload.Body, b => Assert.Equal(0, b));
    }

    private static async Task ClientCompressedUnary(GrpcClient client)
    {
        SimpleRequest Request(bool expect) => new() { ExpectCompressed = new BoolValue { Value = expect }, ResponseSize = 314159, Payload = Zeros(271828) };
        var probe = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            client.UnaryAsync<SimpleRequest, SimpleResponse>(M("UnaryCall"), Request(true), Timeout()));
        Assert.Equal(StatusCode.InvalidArgument, probe.StatusCode);
        var compressed = await client.UnaryAsync<SimpleRequest, SimpleResponse>(M("UnaryCall"), Request(true), Timeout(compress: true));
        Assert.Equal(314159, compressed.Payload.Body.Length);
        var plain = await client.UnaryAsync<SimpleRequest, SimpleResponse>(M("UnaryCall"), Request(false), Timeout());
        Assert.Equal(314159, plain.Payload.Body.Length);
    }

    private static async Task ServerCompressedUnary(GrpcClient client)
    {
        foreach (var compressed in new[] { true, false })
        {
            var response = await client.UnaryAsync<SimpleRequest, SimpleResponse>(M("UnaryCall"),
                new SimpleRequest { ResponseCompressed = new BoolValue { Value = compressed }, ResponseSize = 314159, Payload = Zeros(271828) }, Timeout());
            Assert.Equal(314159, response.Payload.Body.Length);
        }
    }

    private static async Task ClientStreaming(GrpcClient client)
    {
        using var call = client.StartClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>(M("StreamingInputCall"), Timeout());
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) });
        }
        await call.CompleteRequestAsync();
        Assert.Equal(74922, (await call.GetResponseAsync()).AggregatedPayloadSize);
    }

    private static async Task ServerStreaming(GrpcClient client)
    {
        int[] sizes = [31415, 9, 2653, 58979];
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(sizes.Select(s => new ResponseParameters { Size = s }));
        using var call = client.StartServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(M("StreamingOutputCall"), request, Timeout());
        var received = new List<int>();
        await foreach (var response in call.ReadAllAsync())
        {
            received.Add(response.Payload.Body.Length);
        }
        Assert.Equal(sizes, received);
    }

    private static StreamingOutputCallRequest Ping(int responseSize, int payloadSize)
    {
        var request = new StreamingOutputCallRequest { Payload = Zeros(payloadSize) };
        request.ResponseParameters.Add(new ResponseParameters { Size = responseSize });
        return request;
    }

    private static async Task PingPong(GrpcClient client)
    {
        using var call = client.StartDuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(M("FullDuplexCall"), Timeout());
        await using var responses = call.ReadAllAsync().GetAsyncEnumerator();
        foreach (var (responseSize, payloadSize) in new[] { (31415, 27182), (9, 8), (2653, 1828), (58979, 45904) })
        {
            await call.WriteAsync(Ping(responseSize, payloadSize));
            Assert.True(await responses.MoveNextAsync());
            Assert.Equal(responseSize, responses.Current.Payload.Body.Length);
        }
        await call.CompleteRequestAsync();
        Assert.False(await responses.MoveNextAsync());
    }

    private static async Task EmptyStream(GrpcClient client)
    {
        using var call = client.StartDuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(M("FullDuplexCall"), Timeout());
        await call.CompleteRequestAsync();
        Assert.Empty(await call.ReadAllAsync().ToListAsync());
    }

    private static async Task TimeoutOnSleepingServer(GrpcClient client)
    {
        using var call = client.StartDuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            M("FullDuplexCall"), new CallOptions { Timeout = TimeSpan.FromMilliseconds(1) });
        try
        {
            await call.WriteAsync(new StreamingOutputCallRequest { Payload = Zeros(27182) });
        }
        catch (GrpcStatusException ex)
        {
            // The deadline may already have passed when writing; that is the same outcome.
            Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
            return;
        }
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => call.ReadAllAsync().ToListAsync().AsTask());
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    private static async Task CancelAfterBegin(GrpcClient client)
    {
        using var call = client.StartClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>(M("StreamingInputCall"), Timeout());
        call.Cancel();
        var error = await Assert.ThrowsAsync<GrpcStatusException>(call.GetResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private static async Task CancelAfterFirstResponse(GrpcClient client)
    {
        using var call = client.StartDuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(M("FullDuplexCall"), Timeout());
        await using var responses = call.ReadAllAsync().GetAsyncEnumerator();
        await call.WriteAsync(Ping(31415, 27182));
        Assert.True(await responses.MoveNextAsync());
        Assert.Equal(31415, responses.Current.Payload.Body.Length);
        call.Cancel();
        var error = await Assert.ThrowsAsync<GrpcStatusException>(async () => await responses.MoveNextAsync());
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private static async Task StatusCodeAndMessage(GrpcClient client)
    {
        var status = new EchoStatus { Code = 2, Message = "test status message" };
        var unary = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            client.UnaryAsync<SimpleRequest, SimpleResponse>(M("UnaryCall"), new SimpleRequest { ResponseStatus = status }, Timeout()));
        Assert.Equal((StatusCode)2, unary.StatusCode);
        Assert.Equal("test status message", unary.Detail);

        using var call = client.StartDuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(M("FullDuplexCall"), Timeout());
        await call.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = status });
        await call.CompleteRequestAsync();
        var duplex = await Assert.ThrowsAsync<GrpcStatusException>(() => call.ReadAllAsync().ToListAsync().AsTask());
        Assert.Equal((StatusCode)2, duplex.StatusCode);
        Assert.Equal("test status message", duplex.Detail);
    }

    private static async Task SpecialStatusMessage(GrpcClient client)
    {
        const string message = "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \U0001F608\t\n";
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => client.UnaryAsync<SimpleRequest, SimpleResponse>(M("UnaryCall"),
            new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = message } }, Timeout()));
        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Equal(message, error.Detail);
    }

    private static async Task UnimplementedMethod(GrpcClient client)
    {
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => client.UnaryAsync<Empty, Empty>(M("UnimplementedCall"), new Empty(), Timeout()));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    private static async Task UnimplementedServiceCall(GrpcClient client)
    {
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            client.UnaryAsync<Empty, Empty>(UnimplementedService.FindMethodByName("UnimplementedCall"), new Empty(), Timeout()));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    private static async Task CustomMetadata(GrpcClient client)
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

        using (var unary = client.StartUnary<SimpleRequest, SimpleResponse>(M("UnaryCall"),
            new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, Timeout(Headers())))
        {
            Assert.Equal(314159, (await unary.GetResponseAsync()).Payload.Body.Length);
            Check(await unary.GetResponseHeadersAsync(), unary.GetTrailers());
        }

        using var duplex = client.StartDuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(M("FullDuplexCall"), Timeout(Headers()));
        await duplex.WriteAsync(Ping(314159, 271828));
        await duplex.CompleteRequestAsync();
        var responses = await duplex.ReadAllAsync().ToListAsync();
        Assert.Equal(314159, Assert.Single(responses).Payload.Body.Length);
        Check(await duplex.GetResponseHeadersAsync(), duplex.GetTrailers());
    }
}
