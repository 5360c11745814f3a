using Grpc.Core;
using Grpc.Core.Interceptors;
using Polly;
using Polly.CircuitBreaker;

namespace BudgetMesh.GrpcClients;

/// <summary>
/// Applies <see cref="GrpcClientPolicy"/> to every call of a channel: the default deadline where the caller set
/// none; unary calls run through the retry and circuit-breaker pipeline; a server-streaming call is retried only
/// while it is being established (until its first message or its end), never once the caller has seen a message.
/// Client-streaming and bidirectional calls are not retried (their requests are not buffered).
/// </summary>
internal sealed class PolicyInterceptor(GrpcClientPolicy policy, ResiliencePipeline pipeline, string target) : Interceptor
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        context = WithDeadline(context);
        var resilience = Context(context.Options, context.Options.CancellationToken);
        try
        {
            return pipeline.Execute(static (_, state) => state.continuation(state.request, state.context), resilience, (request, context, continuation));
        }
        catch (BrokenCircuitException ex)
        {
            throw ClientResilience.CircuitOpen(target, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        context = WithDeadline(context);
        var attempts = new Attempts<AsyncUnaryCall<TResponse>>(context.Options.CancellationToken);
        var response = RunAsync(context.Options, attempts, async () =>
        {
            var call = attempts.Start(() => continuation(request, context));
            return await call.ResponseAsync.ConfigureAwait(false);
        });
        return new AsyncUnaryCall<TResponse>(response, attempts.HeadersAsync(response, c => c.ResponseHeadersAsync),
            () => attempts.Status(c => c.GetStatus()), () => attempts.Trailers(c => c.GetTrailers()), attempts.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        context = WithDeadline(context);
        var attempts = new Attempts<AsyncServerStreamingCall<TResponse>>(context.Options.CancellationToken);
        var established = RunAsync(context.Options, attempts, async () =>
        {
            var call = attempts.Start(() => continuation(request, context));
            return await call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false);
        });
        var reader = new EstablishedReader<TResponse>(established, attempts);
        return new AsyncServerStreamingCall<TResponse>(reader, attempts.HeadersAsync(established, c => c.ResponseHeadersAsync),
            () => attempts.Status(c => c.GetStatus()), () => attempts.Trailers(c => c.GetTrailers()), attempts.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithDeadline(context));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithDeadline(context));

    private ClientInterceptorContext<TRequest, TResponse> WithDeadline<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class =>
        context.Options.Deadline is not null
            ? context
            : new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithDeadline(DateTime.UtcNow + policy.DefaultDeadline));

    private static ResilienceContext Context(CallOptions options, CancellationToken cancellationToken)
    {
        var resilience = ResilienceContextPool.Shared.Get(cancellationToken);
        resilience.Properties.Set(ClientResilience.DeadlineKey, options.Deadline!.Value.ToUniversalTime());
        return resilience;
    }

    private async Task<T> RunAsync<T, TCall>(CallOptions options, Attempts<TCall> attempts, Func<Task<T>> attempt)
        where TCall : class, IDisposable
    {
        var resilience = Context(options, attempts.Token);
        try
        {
            return await pipeline.ExecuteAsync(static async (_, attempt) => await attempt().ConfigureAwait(false), resilience, attempt).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw attempts.Fail(ClientResilience.CircuitOpen(target, ex));
        }
        catch (OperationCanceledException ex) when (attempts.Token.IsCancellationRequested)
        {
            // Cancelled (by the caller or by disposing the call) while waiting to retry: what grpc-dotnet says for a cancelled call.
            throw attempts.Fail(new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client.", ex)));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }
}
