using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BudgetMesh.ServiceDefaults.Telemetry;

/// <summary>
/// Traces, metrics and logs of every BudgetMesh process through OpenTelemetry's hosting integration, exported over
/// OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (protocol, headers, intervals from the other standard OTEL_* variables).
/// </summary>
public static class TelemetryExtensions
{
    public static IHostApplicationBuilder AddBudgetMeshTelemetry(this IHostApplicationBuilder builder, ServiceSettings settings)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                settings.ServiceName,
                serviceNamespace: "budgetmesh",
                serviceVersion: settings.ServiceVersion,
                autoGenerateServiceInstanceId: false,
                serviceInstanceId: InstanceId()))
            .WithTracing(tracing => tracing
                .AddSource(BudgetMeshTelemetry.SourcePrefix + ".*", BudgetMeshTelemetry.MassTransitSource)
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.Filter = SpanRules.IsTraced;
                    options.EnrichWithHttpResponse = SpanRules.EnrichServerSpan;
                })
                // Grpc.Net.Client calls: one client span named by rpc, which also carries the trace context, so the
                // HttpClient span under it would only repeat the call.
                .AddGrpcClientInstrumentation(options => options.SuppressDownstreamInstrumentation = true)
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = _ => !SpanRules.IsInsideAnotherClientSpan())
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddRuntimeInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(BudgetMeshTelemetry.MassTransitSource, BudgetMeshTelemetry.SourcePrefix + ".*"))
            .WithLogging(configureBuilder: null, configureOptions: options =>
            {
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = true;
            });

        if (settings.OtlpEndpoint is not null)
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Traces database commands only inside a span that is recorded: a background loop's polls (the outbox relay's,
    /// the publisher's) would otherwise start a one-span trace every second in every service.
    /// </summary>
    public static NpgsqlDataSourceBuilder TraceOnlyWithinSpans(this NpgsqlDataSourceBuilder builder) =>
        builder.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => SpanRules.IsWithinRecordedSpan())
            .ConfigureBatchFilter(_ => SpanRules.IsWithinRecordedSpan()));

    /// <summary>The pod name in Kubernetes, the host name elsewhere, with the process id: unique per running process.</summary>
    private static string InstanceId() => $"{Environment.MachineName}-{Environment.ProcessId}";
}
