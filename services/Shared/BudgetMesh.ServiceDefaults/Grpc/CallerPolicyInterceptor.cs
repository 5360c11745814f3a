using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;

namespace BudgetMesh.ServiceDefaults.Grpc;

/// <summary>
/// Runs on every rpc of every service, before the method: admits the call by the rpc's declared
/// <see cref="CallerPolicyAttribute"/> (an rpc that declares none is refused: secure by default), and keeps every status
/// the method ends with within <see cref="StatusLimits"/>.
/// </summary>
public sealed class CallerPolicyInterceptor : Interceptor
{
    /// <summary>What the caller of an rpc that declares no callers gets.</summary>
    public const string Undeclared = "该接口未声明允许的调用方，拒绝调用";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await AdmitAsync(context, request as IMessage);
            return await continuation(request, context);
        }
        catch (Exception ex) when (Translate(ex) is { } status)
        {
            throw status;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await AdmitAsync(context, null);
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (Translate(ex) is { } status)
        {
            throw status;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await AdmitAsync(context, request as IMessage);
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (Translate(ex) is { } status)
        {
            throw status;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await AdmitAsync(context, null);
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (Translate(ex) is { } status)
        {
            throw status;
        }
    }

    private static ValueTask AdmitAsync(ServerCallContext context, IMessage? request)
    {
        var policy = context.GetHttpContext().GetEndpoint()?.Metadata.GetMetadata<CallerPolicyAttribute>();
        return policy is null ? throw RpcErrors.Status(StatusCode.PermissionDenied, Undeclared) : policy.AdmitAsync(context, request);
    }

    // A status the method threw, or a peer's that it let through (a client's RpcException: same code, message and
    // google.rpc.Status details), cut to the limits; anything else is grpc-dotnet's UNKNOWN.
    private static RpcException? Translate(Exception exception) => exception is RpcException rpc ? StatusLimits.Bounded(rpc) : null;
}
