using BudgetMesh.Console.Html;
using BudgetMesh.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Console.Telemetry;

/// <summary>
/// Where the operators' browser finds the Aspire Dashboard every service exports to, and the dashboard's browser token.
/// With a token, the console's links sign a signed-in operator into the dashboard on the way (the token never appears
/// on a page, only in the redirect of an operator's own request); without one, the dashboard asks for it.
/// </summary>
internal sealed record DashboardLink(Uri? Address, string? BrowserToken)
{
    public const string AddressVariable = "BUDGETMESH_DASHBOARD_URL";
    public const string TokenVariable = "BUDGETMESH_DASHBOARD_TOKEN";

    public static DashboardLink From(IConfiguration configuration)
    {
        var raw = configuration[AddressVariable];
        Uri? address = null;
        if (!string.IsNullOrWhiteSpace(raw)
            && (!Uri.TryCreate(raw, UriKind.Absolute, out address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)))
        {
            throw new InvalidOperationException($"{AddressVariable} must be the dashboard's http(s) address, not '{raw}'.");
        }

        return new DashboardLink(address, string.IsNullOrWhiteSpace(configuration[TokenVariable]) ? null : configuration[TokenVariable]);
    }

    /// <summary>The dashboard's traces of one submission: every trace with a span tagged with its id.</summary>
    public static string TracesOf(string submissionId) =>
        QueryHelpers.AddQueryString("/traces", "filters", $"{BudgetMeshTelemetry.SubmissionIdAttribute}:equals:{submissionId}");

    /// <summary>The browser address of <paramref name="pathAndQuery"/> in the dashboard, through its token sign-in when there is a token.</summary>
    public Uri? To(string pathAndQuery) => Address is null
        ? null
        : new Uri(Address, BrowserToken is null
            ? pathAndQuery
            : QueryHelpers.AddQueryString("/login", new Dictionary<string, string?> { ["t"] = BrowserToken, ["returnUrl"] = pathAndQuery }));
}

/// <summary>The console's two ways into the dashboard: its traces, and one submission's journey.</summary>
internal static class DashboardLinks
{
    public static void MapDashboardLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/telemetry", (HttpContext context, DashboardLink dashboard) => Go(context, dashboard, "/traces"));
        app.MapGet("/submissions/{id:guid}/traces", (Guid id, HttpContext context, DashboardLink dashboard) => Go(context, dashboard, DashboardLink.TracesOf(id.ToString())));
    }

    private static IResult Go(HttpContext context, DashboardLink dashboard, string pathAndQuery) =>
        dashboard.To(pathAndQuery) is { } target
            ? Results.Redirect(target.ToString())
            : Layout.Html(context, "遥测面板未配置", Markup.Of($"""
                <h1>遥测面板未配置</h1>
                <p class="flash" role="alert" id="no-dashboard">本控制台未配置遥测面板地址（环境变量 {DashboardLink.AddressVariable}）。<code>make run</code> 会启动 Aspire Dashboard 并设置它。</p>
                <p><a href="/">返回报送列表</a></p>
                """), StatusCodes.Status404NotFound);
}
