using BudgetMesh.Grpc.Health.V1;
using BudgetMesh.Grpc.Server;
using Microsoft.Extensions.Options;
using ServingStatus = BudgetMesh.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace BudgetMesh.Grpc.Health;

/// <summary>A readiness probe registered with <c>AddGrpcReadinessCheck</c>; "" applies to every service.</summary>
internal sealed record ReadinessCheck(string ServiceName, Func<IServiceProvider, CancellationToken, Task<bool>> Probe);

/// <summary>Turns the registered readiness probes into health statuses.</summary>
internal sealed class HealthEvaluator(IEnumerable<ReadinessCheck> checks, GrpcServiceRegistry registry, IServiceProvider services, IOptions<GrpcServerOptions> options)
{
    private readonly ReadinessCheck[] _checks = [.. checks];

    /// <summary>SERVING when every relevant probe says ready; null for a service this server does not know.</summary>
    public async Task<ServingStatus?> EvaluateAsync(string service, CancellationToken cancellationToken)
    {
        if (service.Length > 0 && !registry.Contains(service) && !_checks.Any(c => c.ServiceName == service))
        {
            return null;
        }
        var relevant = service.Length == 0 ? _checks : _checks.Where(c => c.ServiceName == service || c.ServiceName.Length == 0).ToArray();
        var results = await Task.WhenAll(relevant.Select(c => ProbeAsync(c, cancellationToken)));
        return results.All(ok => ok) ? ServingStatus.Serving : ServingStatus.NotServing;
    }

    private async Task<bool> ProbeAsync(ReadinessCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ReadinessProbeTimeout);
        try
        {
            return await check.Probe(services, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A probe that throws or hangs means "not ready", never a failed health call.
            return false;
        }
    }
}

/// <summary>grpc.health.v1.Health, bound like any other service.</summary>
internal sealed class HealthGrpcService(HealthEvaluator evaluator, IOptions<GrpcServerOptions> options)
{
    public async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        var status = await evaluator.EvaluateAsync(request.Service, context.CancellationToken)
            ?? throw new GrpcStatusException(StatusCode.NotFound, $"Unknown service '{request.Service}'.");
        return new HealthCheckResponse { Status = status };
    }

    public async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        ServingStatus? last = null;
        try
        {
            while (true)
            {
                var status = await evaluator.EvaluateAsync(request.Service, context.CancellationToken) ?? ServingStatus.ServiceUnknown;
                if (status != last)
                {
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken);
                    last = status;
                }
                await Task.Delay(options.Value.HealthWatchInterval, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // Watch ends only when the caller leaves or its deadline passes.
        }
    }
}
