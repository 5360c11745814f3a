using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BudgetMesh.ServiceDefaults.Grpc;

/// <summary>
/// grpc-dotnet answers any exception that is not an RpcException UNKNOWN ("Exception was thrown by handler."), and
/// that includes a request whose gRPC framing it cannot read (random bytes, a length past the end of the body, a
/// compressed flag without an encoding): failures of the request that happen before any interceptor or handler runs.
/// The gRPC status for "the server could not process this" is INTERNAL, as other gRPC servers answer an unparsable
/// request; this rewrites grpc-dotnet's UNKNOWN to it, in the headers of a trailers-only answer or in the trailers.
/// Deliberate statuses (RpcException) are untouched; every service's handlers throw RpcException for what they refuse.
/// </summary>
internal sealed class UnreadableRequestStatus : IStartupFilter
{
    private const string Unknown = "2";
    private const string Internal = "13";
    private const string HandlerFailure = "Exception was thrown by handler.";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            await nextMiddleware(context);
            if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
            {
                return;
            }

            if (!context.Response.HasStarted)
            {
                Rewrite(context.Response.Headers);
            }
            else if (context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { IsReadOnly: false } trailers)
            {
                Rewrite(trailers);
            }
        });
        next(app);
    };

    private static void Rewrite(IHeaderDictionary headers)
    {
        if (headers["grpc-status"] == Unknown && headers["grpc-message"] == HandlerFailure)
        {
            headers["grpc-status"] = Internal;
            headers["grpc-message"] = Uri.EscapeDataString("请求无法读取");
        }
    }
}
