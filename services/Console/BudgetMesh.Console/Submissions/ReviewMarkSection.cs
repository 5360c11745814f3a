using BudgetMesh.Console.Approval;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.SignIn;
using BudgetMesh.Contracts.Intake.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BudgetMesh.Console.Submissions;

/// <summary>
/// An operator's working marks on a submission, kept by Intake beside its status: 已审阅 (for the latest revision) and
/// 分派给 an operator. Shown and set on the submission page, shown and filtered in the queue; each change is an audit
/// entry with its actor and time.
/// </summary>
internal static class ReviewMarkSection
{
    public static void MapReviewMarks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/submissions/{id}/review", ReviewAsync);
        app.MapPost("/submissions/{id}/assign", AssignAsync);
    }

    /// <summary>The queue's 审阅 and 分派给 cells of one row.</summary>
    public static Markup QueueCells(SubmissionSummary s) => Markup.Of($"""
        <td data-reviewed="{(s.ReviewedBy.Length > 0 ? "yes" : "no")}"{Title(s)}>{(s.ReviewedBy.Length > 0 ? "已审阅" : "")}</td><td data-assignee="{s.Assignee}" data-verbatim>{s.Assignee}</td>
        """);

    /// <summary>The submission page's section: where the marks stand, and the forms to change them.</summary>
    public static Markup Render(HttpContext context, string id, GetSubmissionResponse submission, IReadOnlyList<string> operators)
    {
        var s = submission.Summary;
        var token = Forms.Token(context);
        var reviewed = s.ReviewedBy.Length > 0
            ? Markup.Of($"""已审阅（{Words.Actor(s.ReviewedBy)}，{StatusLabels.Time(s.ReviewedAt)}）""")
            : Markup.Of($"""第{s.LatestRevision}版尚未审阅""");
        var assigned = s.Assignee.Length > 0
            ? Markup.Of($"""已分派给 <span data-verbatim>{s.Assignee}</span>（{Words.Actor(s.AssignedBy)}，{StatusLabels.Time(s.AssignedAt)}）""")
            : Markup.Of($"""未分派""");
        var options = operators.Select(n => Markup.Of($"""<option value="{n}"{(n == s.Assignee ? new Markup(" selected") : Markup.Empty)}>{n}</option>"""));
        return Markup.Of($"""
            <section id="review-section" aria-labelledby="review-heading"><h2 id="review-heading">审阅与分派</h2>
            <p><span id="reviewed">{reviewed}</span> · <span id="assigned">{assigned}</span></p>
            <form method="post" action="/submissions/{id}/review" class="inline" id="review-form">{token}
              <input type="hidden" name="revision" value="{s.LatestRevision}"><input type="hidden" name="reviewed" value="{(s.ReviewedBy.Length > 0 ? "0" : "1")}">
              <button type="submit" id="review">{(s.ReviewedBy.Length > 0 ? "取消已审阅标记" : $"标记第{s.LatestRevision}版为已审阅")}</button></form>
            <form method="post" action="/submissions/{id}/assign" class="inline" id="assign-form">{token}
              <label>分派给 <select name="assignee" id="assignee"><option value="">（不分派）</option>{options}</select></label>
              <button type="submit" id="assign">保存分派</button></form>
            </section>
            """);
    }

    private static Markup Title(SubmissionSummary s) => s.ReviewedBy.Length == 0
        ? Markup.Empty
        : Markup.Of($""" title="{Words.Actor(s.ReviewedBy)}，{StatusLabels.Time(s.ReviewedAt)}（北京时间）" """);

    private static async Task<IResult> ReviewAsync(string id, HttpContext context, ServiceCalls calls)
    {
        if (await Forms.ReadValidatedAsync(context) is not { } form)
        {
            return Forms.Forged(context);
        }

        var reviewed = form["reviewed"].ToString() == "1";
        var request = new MarkReviewedRequest
        {
            SubmissionId = id,
            Revision = int.TryParse(form["revision"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : 0,
            Reviewed = reviewed,
        };
        return await ApprovalEndpoints.DecideAsync(context, id, () => calls.MarkReviewedAsync(OperatorClaims.KeyOf(context.User), request, context.RequestAborted),
            reviewed ? "reviewed" : "unreviewed");
    }

    private static async Task<IResult> AssignAsync(string id, HttpContext context, ServiceCalls calls)
    {
        if (await Forms.ReadValidatedAsync(context) is not { } form)
        {
            return Forms.Forged(context);
        }

        var request = new AssignSubmissionRequest { SubmissionId = id, Assignee = form["assignee"].ToString().Trim() };
        return await ApprovalEndpoints.DecideAsync(context, id, () => calls.AssignAsync(OperatorClaims.KeyOf(context.User), request, context.RequestAborted),
            request.Assignee.Length > 0 ? "assigned" : "unassigned");
    }
}
