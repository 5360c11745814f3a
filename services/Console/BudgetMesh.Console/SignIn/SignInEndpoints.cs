using BudgetMesh.Console.Html;
using BudgetMesh.Contracts.Intake.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BudgetMesh.Console.SignIn;

/// <summary>Sign-in with an Intake operator key, verified by Intake itself (KeyService.DescribeCaller).</summary>
internal static class SignInEndpoints
{
    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (HttpContext context) => Form(context, null, StatusCodes.Status200OK)).AllowAnonymous();
        app.MapPost("/signin", SignInAsync).AllowAnonymous();
        app.MapPost("/signout", (Delegate)SignOutAsync);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, ServiceCalls calls)
    {
        var form = await Forms.ReadValidatedAsync(context);
        if (form is null)
        {
            return Forms.Forged(context);
        }

        var key = form["key"].ToString().Trim();
        if (key.Length is 0 or > 200)
        {
            return Form(context, "请输入操作员密钥。", StatusCodes.Status401Unauthorized);
        }

        Contracts.Intake.V1.DescribeCallerResponse described;
        try
        {
            described = await calls.DescribeCallerAsync(key, context.RequestAborted);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            return Form(context, "密钥无效或已吊销。", StatusCodes.Status401Unauthorized);
        }
        catch (RpcException ex)
        {
            return Form(context, $"{ex.Status.Detail}。请稍后重试。", StatusCodes.Status503ServiceUnavailable);
        }

        if (!OperatorClaims.IsOperator(described.Key))
        {
            var whose = described.Key.Kind == KeyKind.Service ? "系统服务密钥" : "区县系统密钥";
            return Form(context, $"{whose}不能登录控制台，请使用操作员密钥。", StatusCodes.Status403Forbidden);
        }

        await context.SignInAsync(OperatorClaims.Scheme, OperatorClaims.Create(described.Key, key));
        var returnUrl = form["returnUrl"].ToString();
        return Results.Redirect(IsLocal(returnUrl) ? returnUrl : "/");
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        if (await Forms.ReadValidatedAsync(context) is null)
        {
            return Forms.Forged(context);
        }

        await context.SignOutAsync(OperatorClaims.Scheme);
        return Results.Redirect("/signin");
    }

    // Only same-site paths: an open redirect would let a link send a fresh session elsewhere.
    internal static bool IsLocal(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static IResult Form(HttpContext context, string? error, int status)
    {
        var returnUrl = context.Request.Query["ReturnUrl"].ToString();
        if (context.Request.HasFormContentType && string.IsNullOrEmpty(returnUrl))
        {
            returnUrl = context.Request.Form["returnUrl"].ToString();
        }

        var message = error is null ? Markup.Empty : Markup.Of($"""<p class="flash" role="alert">{error}</p>""");
        return Layout.Html(context, "登录", Markup.Of($"""
            <h1>操作员登录</h1>{message}
            <form method="post" action="/signin">{Forms.Token(context)}
              <input type="hidden" name="returnUrl" value="{returnUrl}">
              <p><label>操作员密钥 <input type="password" name="key" autocomplete="off" size="70" required></label></p>
              <p><button type="submit">登录</button></p>
            </form>
            <p class="muted">密钥由受理服务签发（<code>make run</code> 启动时会打印操作员密钥）；控制台只在加密会话中保存它。</p>
            """), status);
    }
}
