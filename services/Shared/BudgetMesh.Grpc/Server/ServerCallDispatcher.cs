using BudgetMesh.Grpc.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudgetMesh.Grpc.Server;

/// <summary>Runs one gRPC call: validates the HTTP/2 request, sets up deadline and metadata, invokes, ends with a status.</summary>
internal sealed partial class ServerCallDispatcher(IOptions<GrpcServerOptions> options, GrpcServiceRegistry registry, ILogger<ServerCallDispatcher> logger)
{
    private readonly GrpcServerOptions _options = options.Value;

    public async Task DispatchAsync(HttpContext http, MethodInvoker? invoker, Func<IServiceProvider, (object Service, bool Owned)>? activate, int? maxReceiveMessageSize)
    {
        if (!IsGrpcRequest(http))
        {
            return;
        }
        DisableHttpLimits(http);

        var path = http.Request.Path.Value ?? "/";
        var (service, method) = GrpcTelemetry.SplitPath(path);
        var requestHeaders = http.Request.Headers;
        using var activity = GrpcTelemetry.StartServer(service, method, requestHeaders["traceparent"].FirstOrDefault(), requestHeaders["tracestate"].FirstOrDefault());

        var timeout = GrpcProtocol.ParseTimeout(requestHeaders[GrpcProtocol.TimeoutHeader].FirstOrDefault());
        var deadline = timeout is { } t && t < DateTime.MaxValue - DateTime.UtcNow ? DateTime.UtcNow + t : DateTime.MaxValue;
        using var deadlineCts = new CancellationTokenSource();
        if (timeout is { } limit && limit.TotalMilliseconds < int.MaxValue - 1)
        {
            deadlineCts.CancelAfter(limit);
        }
        using var callCts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, deadlineCts.Token);

        var metadata = new Metadata();
        foreach (var header in requestHeaders)
        {
            if (!GrpcProtocol.IsReservedHeader(header.Key))
            {
                foreach (var value in header.Value)
                {
                    metadata.AddFromWire(header.Key.ToLowerInvariant(), value ?? string.Empty);
                }
            }
        }

        var encoding = requestHeaders[GrpcProtocol.EncodingHeader].FirstOrDefault();
        var acceptsGzip = GrpcProtocol.AcceptsGzip(requestHeaders[GrpcProtocol.AcceptEncodingHeader].FirstOrDefault());
        var context = new ServerCallContext(http, path, deadline, metadata, callCts.Token)
        {
            CompressResponse = acceptsGzip && string.Equals(encoding, GrpcProtocol.Gzip, StringComparison.OrdinalIgnoreCase),
        };
        var call = new ServerCall(http, context, encoding, acceptsGzip, maxReceiveMessageSize ?? _options.MaxReceiveMessageSize);

        StatusCode code;
        string? detail;
        Google.Rpc.Status? details = null;
        Metadata? extraTrailers = null;
        try
        {
            if (encoding is not null && !encoding.Equals(GrpcProtocol.Identity, StringComparison.OrdinalIgnoreCase)
                && !encoding.Equals(GrpcProtocol.Gzip, StringComparison.OrdinalIgnoreCase))
            {
                throw new GrpcStatusException(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{encoding}'; supported: {GrpcProtocol.SupportedEncodings}.");
            }
            if (invoker is null || activate is null)
            {
                throw new GrpcStatusException(StatusCode.Unimplemented, activate is null && !registry.Contains(service)
                    ? $"Service '{service}' is unimplemented."
                    : $"Method '{method}' of service '{service}' is unimplemented.");
            }
            var (instance, owned) = activate(http.RequestServices);
            try
            {
                await invoker.InvokeAsync(instance, call);
            }
            finally
            {
                if (owned)
                {
                    await DisposeAsync(instance);
                }
            }
            (code, detail) = deadlineCts.IsCancellationRequested ? (StatusCode.DeadlineExceeded, "Deadline Exceeded") : (StatusCode.OK, null);
        }
        catch (GrpcStatusException ex) when (!deadlineCts.IsCancellationRequested || ex.StatusCode != StatusCode.Cancelled)
        {
            (code, detail, details, extraTrailers) = (ex.StatusCode, ex.Detail, ex.Details, ex.Trailers);
        }
        catch (Exception) when (deadlineCts.IsCancellationRequested)
        {
            (code, detail) = (StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }
        catch (Exception ex) when (http.RequestAborted.IsCancellationRequested)
        {
            LogCallerGone(logger, path, ex.GetType().Name);
            (code, detail) = (StatusCode.Cancelled, "Cancelled by the caller.");
        }
        catch (Exception ex)
        {
            LogHandlerFailed(logger, path, ex);
            (code, detail) = (StatusCode.Unknown, _options.EnableDetailedErrors ? $"Exception was thrown by handler. {ex.GetType().Name}: {ex.Message}" : "Exception was thrown by handler.");
        }

        GrpcTelemetry.Stop(activity, code, detail);
        if (!http.RequestAborted.IsCancellationRequested)
        {
            try
            {
                call.Complete(code, detail, details, extraTrailers);
            }
            catch (InvalidOperationException ex)
            {
                // The connection went away between the check and the write; nobody is left to tell.
                LogCallerGone(logger, path, ex.GetType().Name);
            }
        }
    }

    private static bool IsGrpcRequest(HttpContext http)
    {
        var response = http.Response;
        if (!HttpProtocol.IsHttp2(http.Request.Protocol) && !HttpProtocol.IsHttp3(http.Request.Protocol))
        {
            Reject(response, StatusCodes.Status426UpgradeRequired, "gRPC requires HTTP/2.");
            response.Headers.Upgrade = "h2c";
            return false;
        }
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            Reject(response, StatusCodes.Status405MethodNotAllowed, "gRPC requires POST.");
            return false;
        }
        if (!GrpcProtocol.IsGrpcContentType(http.Request.ContentType))
        {
            Reject(response, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{http.Request.ContentType}' is not application/grpc.");
            return false;
        }
        return true;
    }

    private static void Reject(HttpResponse response, int httpStatus, string message)
    {
        response.StatusCode = httpStatus;
        response.Headers[GrpcProtocol.StatusHeader] = GrpcProtocol.FormatStatus(StatusCode.Internal);
        response.Headers[GrpcProtocol.MessageHeader] = GrpcProtocol.EncodeMessage(message);
    }

    private static void DisableHttpLimits(HttpContext http)
    {
        // Streams may legitimately carry more than Kestrel's 30 MB body default, and idle between messages.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBody)
        {
            maxBody.MaxRequestBodySize = null;
        }
        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRequestRate)
        {
            minRequestRate.MinDataRate = null;
        }
        if (http.Features.Get<IHttpMinResponseDataRateFeature>() is { } minResponseRate)
        {
            minResponseRate.MinDataRate = null;
        }
    }

    private static async ValueTask DisposeAsync(object instance)
    {
        switch (instance)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC handler for {Path} failed")]
    private static partial void LogHandlerFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "gRPC caller of {Path} went away ({Reason})")]
    private static partial void LogCallerGone(ILogger logger, string path, string reason);
}
