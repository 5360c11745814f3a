using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BudgetMesh.ServiceDefaults.Telemetry;

/// <summary>
/// The tracing set-up of every BudgetMesh process. The hosting-extensions package is not available here,
/// so the SDK is created directly and disposed with the host (which flushes the exporter).
/// </summary>
public static class BudgetMeshTelemetry
{
    /// <summary>Every activity source of our own starts with this prefix.</summary>
    public const string SourcePrefix = "BudgetMesh";

    /// <summary>Span attribute carrying the submission id, so a console can find one submission's journey.</summary>
    public const string SubmissionIdAttribute = "budgetmesh.submission_id";

    /// <summary>Sources emitted by the framework pieces we rely on.</summary>
    public static readonly IReadOnlyList<string> FrameworkSources = ["Microsoft.AspNetCore", "System.Net.Http", "MassTransit"];

    public static OpenTelemetrySdk Create(ServiceSettings settings, Action<TracerProviderBuilder>? configure = null) =>
        OpenTelemetrySdk.Create(builder =>
        {
            builder.ConfigureResource(resource => resource.AddService(settings.ServiceName, serviceVersion: settings.ServiceVersion, serviceNamespace: "budgetmesh"));
            builder.WithTracing(tracing =>
            {
                tracing.AddSource([.. FrameworkSources, SourcePrefix + ".*"]);
                configure?.Invoke(tracing);
            });
            if (settings.OtlpEndpoint is not null)
            {
                builder.UseOtlpExporter(OtlpExportProtocol.HttpProtobuf, new Uri(settings.OtlpEndpoint.ToString().TrimEnd('/') + "/v1/traces"));
            }
        });

    /// <summary>Tags the current span (and its parents' view) with the submission it works on.</summary>
    public static void TagSubmission(this Activity? activity, Guid submissionId) =>
        activity?.SetTag(SubmissionIdAttribute, submissionId.ToString());
}
