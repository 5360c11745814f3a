using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BudgetMesh.ServiceDefaults.Telemetry;

/// <summary>Which requests become spans, and how a gRPC server span is named and judged.</summary>
internal static class SpanRules
{
    /// <summary>
    /// gRPC status codes that are the server's fault (OpenTelemetry's RPC conventions). NOT_FOUND, INVALID_ARGUMENT,
    /// PERMISSION_DENIED, FAILED_PRECONDITION and the like are answers about the request, not failures of the service.
    /// </summary>
    private static readonly HashSet<int> ServerErrors = [2, 4, 12, 13, 14, 15];

    /// <summary>Probes and tooling are not traced: liveness/readiness, gRPC health checks, reflection.</summary>
    public static bool IsTraced(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        return !(path.StartsWith("/health/", StringComparison.Ordinal)
            || path.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)
            || path.StartsWith("/grpc.reflection.", StringComparison.Ordinal));
    }

    /// <summary>
    /// A gRPC call's server span is named by its rpc (`package.Service/Method`) with the rpc.* attributes; its status is
    /// an error only for the codes that mean the server failed.
    /// </summary>
    public static void EnrichServerSpan(Activity activity, HttpResponse response)
    {
        var request = response.HttpContext.Request;
        if (request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true
            || !TrySplitRpc(request.Path.Value, out var service, out var method))
        {
            return;
        }

        activity.DisplayName = $"{service}/{method}";
        activity.SetTag("rpc.system", "grpc");
        activity.SetTag("rpc.service", service);
        activity.SetTag("rpc.method", method);
        if (StatusCode(activity, response) is { } code)
        {
            activity.SetTag("rpc.grpc.status_code", code);
            if (ServerErrors.Contains(code))
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

    /// <summary>`/package.Service/Method` → (`package.Service`, `Method`).</summary>
    public static bool TrySplitRpc(string? path, out string service, out string method)
    {
        var parts = (path ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        (service, method) = parts.Length == 2 ? (parts[0], parts[1]) : (string.Empty, string.Empty);
        return parts.Length == 2;
    }

    /// <summary>
    /// True when the HTTP request about to be traced is the transport of a call that already has its own client span
    /// (an rpc): a second client span would count the same call twice.
    /// </summary>
    public static bool IsInsideAnotherClientSpan()
    {
        var current = Activity.Current;
        if (current?.OperationName == "System.Net.Http.HttpRequestOut")
        {
            current = current.Parent;
        }

        return current is { Kind: ActivityKind.Client };
    }

    public static bool IsWithinRecordedSpan() => Activity.Current is { Recorded: true };

    private static int? StatusCode(Activity activity, HttpResponse response)
    {
        // Grpc.AspNetCore tags its request activity; a Trailers-Only response carries the status in the headers,
        // any other in the trailers.
        var raw = activity.GetTagItem("grpc.status_code") as string
            ?? response.HttpContext.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"].FirstOrDefault()
            ?? response.Headers["grpc-status"].FirstOrDefault();
        return int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;
    }
}
