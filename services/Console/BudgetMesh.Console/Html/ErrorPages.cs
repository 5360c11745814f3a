using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace BudgetMesh.Console.Html;

/// <summary>
/// What a page answers when a service call fails and the page has no better place to say so: one Chinese page with
/// the failure as ServiceCalls put it (the service, its address and why), never an empty 500.
/// </summary>
internal static class ErrorPages
{
    /// <summary>The HTTP status for a failed call: the operator's request was wrong (4xx) or a service failed (5xx).</summary>
    public static int HttpStatus(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.FailedPrecondition or StatusCode.Aborted or StatusCode.AlreadyExists => StatusCodes.Status409Conflict,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status502BadGateway,
    };

    public static Task WriteAsync(HttpContext context, RpcException exception) =>
        Layout.Html(context, "暂时无法显示", Markup.Of($"""
            <h1>暂时无法显示</h1><p class="flash" role="alert" id="failure">{exception.Status.Detail}。请稍后重试。</p><p><a href="/">返回报送列表</a></p>
            """), HttpStatus(exception.StatusCode)).ExecuteAsync(context);
}
