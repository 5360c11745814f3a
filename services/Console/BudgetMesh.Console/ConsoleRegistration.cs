using BudgetMesh.Console.Approval;
using BudgetMesh.Console.Audit;
using BudgetMesh.Console.DistrictView;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.SignIn;
using BudgetMesh.Console.Submissions;
using BudgetMesh.Console.Telemetry;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Console;

/// <summary>Everything the console registers and maps, listed explicitly.</summary>
internal static class ConsoleRegistration
{
    /// <summary>A folder for the Data Protection key ring, so sessions survive a restart; unset = the user profile.</summary>
    public const string KeysDirectoryVariable = "BUDGETMESH_CONSOLE_KEYS_DIR";

    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        ServiceCalls.Register(builder);
        builder.Services.AddSingleton(DashboardLink.From(builder.Configuration));

        var protection = builder.Services.AddDataProtection().SetApplicationName("budgetmesh-console");
        if (builder.Configuration[KeysDirectoryVariable] is { Length: > 0 } keys)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }

        builder.Services.AddAuthentication(OperatorClaims.Scheme).AddCookie(OperatorClaims.Scheme, options =>
        {
            options.Cookie.Name = "bm_console";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/signin";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // Pages send the browser to the sign-in form; actions (POST) are simply refused.
            options.Events.OnRedirectToLogin = context =>
            {
                if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                {
                    context.Response.Redirect(context.RedirectUri);
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }

                return Task.CompletedTask;
            };
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        // Nothing is visible without an operator session unless an endpoint explicitly allows anonymous access.
        builder.Services.AddAuthorization(options => options.FallbackPolicy = new AuthorizationPolicyBuilder(OperatorClaims.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(OperatorClaims.Kind, "Operator", "Admin")
            .Build());
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "bm_console_af";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.FormFieldName = "__csrf";
        });
        return builder;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            // One same-origin script file and no inline script: the pages work without it (it only refreshes the
            // queue in place), and injected markup still cannot run any.
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; connect-src 'self'; frame-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            await next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated && !context.Response.HasStarted)
            {
                // The key was revoked since sign-in: end the session rather than show a broken page.
                await context.SignOutAsync(OperatorClaims.Scheme);
                context.Response.Redirect("/signin");
            }
            catch (RpcException ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                await ErrorPages.WriteAsync(context, ex);
            }
        });

        app.MapSignIn();
        app.MapGet("/", SubmissionListPage.ShowAsync);
        app.MapGet("/queue.csv", QueueExport.DownloadAsync);
        app.MapGet("/console.js", Scripts.Serve).AllowAnonymous();
        app.MapGet("/submissions/{id}", SubmissionPage.ShowAsync);
        app.MapApproval();
        app.MapReviewMarks();
        app.MapDashboardLinks();
        app.MapGet("/district", DistrictViewPage.ShowAsync);
        app.MapGet("/audit", AuditPage.ShowAsync);
        app.MapGroup(string.Empty).AllowAnonymous().MapDefaultEndpoints();
        app.MapFallback((HttpContext context) => Layout.Html(context, "页面不存在", Markup.Of($"""
            <h1>页面不存在</h1><p class="flash" role="alert" id="not-found">没有这个页面，可能是链接有误或页面已移动。</p><p><a href="/">返回报送列表</a></p>
            """), StatusCodes.Status404NotFound));
        return app;
    }
}
