using System.Diagnostics;

namespace BudgetMesh.Grpc;

/// <summary>Client and server spans following the OpenTelemetry RPC semantic conventions.</summary>
internal static class GrpcTelemetry
{
    public const string SourceName = "BudgetMesh.Grpc";

    public static readonly ActivitySource Source = new(SourceName, "1.0.0");

    public static Activity? StartClient(string service, string method, Uri address)
    {
        var activity = Source.StartActivity($"{service}/{method}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "grpc");
            activity.SetTag("rpc.service", service);
            activity.SetTag("rpc.method", method);
            activity.SetTag("server.address", address.Host);
            activity.SetTag("server.port", address.Port);
        }
        return activity;
    }

    public static Activity? StartServer(string service, string method, string? traceParent, string? traceState)
    {
        ActivityContext parent = default;
        // ASP.NET Core may already have started an activity from the same traceparent; nest under it then.
        if (traceParent is not null
            && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var remote)
            && Activity.Current?.TraceId != remote.TraceId)
        {
            parent = remote;
        }
        var activity = parent == default
            ? Source.StartActivity($"{service}/{method}", ActivityKind.Server)
            : Source.StartActivity($"{service}/{method}", ActivityKind.Server, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "grpc");
            activity.SetTag("rpc.service", service);
            activity.SetTag("rpc.method", method);
        }
        return activity;
    }

    public static void Stop(Activity? activity, StatusCode code, string? detail)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetTag("rpc.grpc.status_code", (int)code);
        if (code != StatusCode.OK)
        {
            activity.SetStatus(ActivityStatusCode.Error, string.IsNullOrEmpty(detail) ? code.ToString() : detail);
        }
        activity.Stop();
    }

    public static (string Service, string Method) SplitPath(string path)
    {
        var trimmed = path.TrimStart('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (trimmed, string.Empty) : (trimmed[..slash], trimmed[(slash + 1)..]);
    }
}
