using BudgetMesh.Grpc;
using BudgetMesh.InteropServer.Testing;
using Google.Protobuf;

namespace BudgetMesh.Grpc.Tests.Infrastructure;

/// <summary>grpc.testing.TestService as interop-test-descriptions.md specifies the server side, on the hand-written server.</summary>
internal sealed class HandWrittenInteropTestService
{
    private const string EchoInitialKey = "x-grpc-test-echo-initial";
    private const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    public Task<Empty> EmptyCall(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    public Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        EchoMetadata(context);
        CheckCompression(request.ExpectCompressed, context);
        ThrowIfStatusRequested(request.ResponseStatus);
        if (request.ResponseCompressed is not null)
        {
            context.CompressResponse = request.ResponseCompressed.Value;
        }
        return Task.FromResult(new SimpleResponse { Payload = Zeros(request.ResponseSize) });
    }

    public Task<SimpleResponse> CacheableUnaryCall(SimpleRequest request, ServerCallContext context) => UnaryCall(request, context);

    public async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        EchoMetadata(context);
        await RespondAsync(request, responseStream, context);
        ThrowIfStatusRequested(request.ResponseStatus);
    }

    public async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncEnumerable<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        var total = 0;
        await foreach (var request in requestStream)
        {
            CheckCompression(request.ExpectCompressed, context);
            total += request.Payload?.Body.Length ?? 0;
        }
        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public async Task FullDuplexCall(IAsyncEnumerable<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        EchoMetadata(context);
        await foreach (var request in requestStream)
        {
            ThrowIfStatusRequested(request.ResponseStatus);
            await RespondAsync(request, responseStream, context);
        }
    }

    public async Task HalfDuplexCall(IAsyncEnumerable<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        var requests = new List<StreamingOutputCallRequest>();
        await foreach (var request in requestStream)
        {
            requests.Add(request);
        }
        foreach (var request in requests)
        {
            await RespondAsync(request, responseStream, context);
        }
    }

    private static async Task RespondAsync(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }
            if (parameters.Compressed is not null)
            {
                context.CompressResponse = parameters.Compressed.Value;
            }
            await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) }, context.CancellationToken);
        }
    }

    private static void EchoMetadata(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            context.ResponseHeaders.Add(EchoInitialKey, initial);
        }
        if (context.RequestHeaders.GetValueBytes(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing);
        }
    }

    private static void CheckCompression(BoolValue? expectCompressed, ServerCallContext context)
    {
        if (expectCompressed is { Value: true } && !context.LastRequestCompressed)
        {
            throw new GrpcStatusException(StatusCode.InvalidArgument, "Expected a compressed request message.");
        }
    }

    private static void ThrowIfStatusRequested(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new GrpcStatusException((StatusCode)status.Code, status.Message);
        }
    }

    private static Payload Zeros(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };
}
