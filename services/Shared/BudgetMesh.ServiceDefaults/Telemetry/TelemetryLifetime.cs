using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace BudgetMesh.ServiceDefaults.Telemetry;

/// <summary>Creates the SDK when the host starts, so spans are recorded from the first request on.</summary>
internal sealed class TelemetryLifetime(OpenTelemetrySdk sdk) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(sdk);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
