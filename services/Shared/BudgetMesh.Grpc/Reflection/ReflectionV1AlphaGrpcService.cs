using BudgetMesh.Grpc.Reflection.V1Alpha;
using Google.Protobuf;

namespace BudgetMesh.Grpc.Reflection;

/// <summary>
/// grpc.reflection.v1alpha.ServerReflection, which older clients still ask. Its messages are v1's field for field
/// (v1 only renamed the package), so each request is read as v1 and v1's answer goes back: one implementation for both.
/// </summary>
internal sealed class ReflectionV1AlphaGrpcService(ReflectionV1GrpcService v1)
{
    public async Task ServerReflectionInfo(IAsyncEnumerable<ServerReflectionRequest> requestStream,
        IServerStreamWriter<ServerReflectionResponse> responseStream, ServerCallContext context)
    {
        await foreach (var request in requestStream.WithCancellation(context.CancellationToken))
        {
            var answer = v1.Answer(V1.ServerReflectionRequest.Parser.ParseFrom(request.ToByteString()));
            await responseStream.WriteAsync(ServerReflectionResponse.Parser.ParseFrom(answer.ToByteString()), context.CancellationToken);
        }
    }
}
