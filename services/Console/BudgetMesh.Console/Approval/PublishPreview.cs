using System.Globalization;
using System.Text;
using BudgetMesh.Console.Findings;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.SignIn;
using BudgetMesh.Console.Submissions;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Publication.Rendering;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using SiteHtml = BudgetMesh.Publication.Rendering.Html;

namespace BudgetMesh.Console.Approval;

/// <summary>
/// The guard rail before publishing: approval happens on a page that shows the disclosure exactly as the website will
/// (Publication's own renderer, same inputs, same bytes), framed beside the approve form.
/// </summary>
internal static class PublishPreview
{
    public static async Task<IResult> ConfirmAsync(string id, HttpContext context, ServiceCalls calls)
    {
        if (await LoadAsync(id, context, calls) is not { } submission)
        {
            return NotFound(context);
        }

        var report = await calls.GetReportAsync(OperatorClaims.KeyOf(context.User), id, submission.Receipt.Revision, context.RequestAborted);
        var view = report.Value is { } value && value.Revision == submission.Receipt.Revision ? new ReportView(value) : null;
        var revision = submission.Receipt.Revision.ToString(CultureInfo.InvariantCulture);
        return Layout.Html(context, $"发布预览 {submission.Package.Header.UnitName}", Markup.Of($"""
            <h1>发布预览：<span data-verbatim>{submission.Package.Header.UnitName}</span></h1>
            <p>下面是批准后公开网站将显示的页面（与网站使用同一渲染程序，内容逐字节相同）。确认无误后再批准；批准后将自动发布。</p>
            <p><a href="/submissions/{id}?revision={revision}">返回报送页面</a> · <a href="/submissions/{id}/preview/page?revision={revision}" id="preview-open">在新页面中打开预览</a></p>
            {DecisionSection.Decision(context, id, submission, view, confirm: true)}
            <iframe id="preview" title="公开网站页面预览" src="/submissions/{id}/preview/page?revision={revision}"></iframe>
            """));
    }

    public static async Task<IResult> PageAsync(string id, HttpContext context, ServiceCalls calls)
    {
        if (await LoadAsync(id, context, calls) is not { } submission)
        {
            return NotFound(context);
        }

        var page = Render(submission);
        // The website's own policy, except that the console may frame it.
        context.Response.Headers.ContentSecurityPolicy = SiteHtml.ContentSecurityPolicy + "; frame-ancestors 'self'";
        context.Response.Headers.XFrameOptions = "SAMEORIGIN";
        context.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(page, "text/html; charset=utf-8");
    }

    /// <summary>The page bytes Publication would put on the website for this revision if it were published today.</summary>
    public static byte[] Render(GetSubmissionResponse submission)
    {
        var facts = new DisclosureFacts(Guid.Parse(submission.Receipt.SubmissionId), submission.Receipt.Revision, submission.Receipt.ContentHash,
            DisclosureFacts.BeijingDate(DateTimeOffset.UtcNow));
        return Encoding.UTF8.GetBytes(DisclosureRenderer.Page(submission.Package, TableLayouts.From(submission.Package), facts));
    }

    private static async Task<GetSubmissionResponse?> LoadAsync(string id, HttpContext context, ServiceCalls calls)
    {
        if (!Guid.TryParse(id, out _))
        {
            return null;
        }

        var requested = int.TryParse(context.Request.Query["revision"], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 0;
        try
        {
            return await calls.GetSubmissionAsync(OperatorClaims.KeyOf(context.User), id, requested, context.RequestAborted);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    private static IResult NotFound(HttpContext context) =>
        Layout.Html(context, "未找到", Markup.Of($"""<h1>未找到</h1><p class="flash">没有这个报送或版本。</p><p><a href="/">返回报送列表</a></p>"""), StatusCodes.Status404NotFound);
}
