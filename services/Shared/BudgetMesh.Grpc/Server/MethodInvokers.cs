using Google.Protobuf;

namespace BudgetMesh.Grpc.Server;

/// <summary>Calls one handler method of a service class with the shape its rpc kind requires.</summary>
internal abstract class MethodInvoker
{
    public abstract Task InvokeAsync(object service, ServerCall call);
}

internal sealed class UnaryInvoker<TService, TRequest, TResponse>(
    Func<TService, TRequest, ServerCallContext, Task<TResponse>> handler, MessageParser parser) : MethodInvoker
    where TRequest : class, IMessage where TResponse : class, IMessage
{
    public override async Task InvokeAsync(object service, ServerCall call)
    {
        var request = await call.ReadSingleAsync<TRequest>(parser);
        var response = await handler((TService)service, request, call.Context)
            ?? throw new InvalidOperationException("The handler returned no response message.");
        await call.WriteAsync(response, call.Context.CancellationToken);
    }
}

internal sealed class ServerStreamingInvoker<TService, TRequest, TResponse>(
    Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler, MessageParser parser) : MethodInvoker
    where TRequest : class, IMessage where TResponse : class, IMessage
{
    public override async Task InvokeAsync(object service, ServerCall call)
    {
        var request = await call.ReadSingleAsync<TRequest>(parser);
        await handler((TService)service, request, new ServerStreamWriter<TResponse>(call), call.Context);
    }
}

internal sealed class ClientStreamingInvoker<TService, TRequest, TResponse>(
    Func<TService, IAsyncEnumerable<TRequest>, ServerCallContext, Task<TResponse>> handler, MessageParser parser) : MethodInvoker
    where TRequest : class, IMessage where TResponse : class, IMessage
{
    public override async Task InvokeAsync(object service, ServerCall call)
    {
        var response = await handler((TService)service, call.ReadAllAsync<TRequest>(parser), call.Context)
            ?? throw new InvalidOperationException("The handler returned no response message.");
        await call.WriteAsync(response, call.Context.CancellationToken);
    }
}

internal sealed class DuplexStreamingInvoker<TService, TRequest, TResponse>(
    Func<TService, IAsyncEnumerable<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler, MessageParser parser) : MethodInvoker
    where TRequest : class, IMessage where TResponse : class, IMessage
{
    public override Task InvokeAsync(object service, ServerCall call) =>
        handler((TService)service, call.ReadAllAsync<TRequest>(parser), new ServerStreamWriter<TResponse>(call), call.Context);
}
