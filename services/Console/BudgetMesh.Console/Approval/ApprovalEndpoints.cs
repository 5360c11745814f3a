using System.Globalization;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.SignIn;
using BudgetMesh.Contracts;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.GrpcClients;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BudgetMesh.Console.Approval;

/// <summary>
/// Approve, approve with an override reason, return with a comment: each one Intake call with the operator's own
/// key, so Intake enforces the role, the content hash the operator looked at, and writes the audit entry.
/// </summary>
internal static class ApprovalEndpoints
{
    public static void MapApproval(this IEndpointRouteBuilder app)
    {
        app.MapPost("/submissions/{id}/approve", ApproveAsync);
        app.MapPost("/submissions/{id}/return", ReturnAsync);
        app.MapPost("/bulk", BulkDecisions.DecideAsync);
        app.MapGet("/submissions/{id}/preview", PublishPreview.ConfirmAsync);
        app.MapGet("/submissions/{id}/preview/page", PublishPreview.PageAsync);
        app.MapPost("/submissions/{id}/retract", RetractAsync);
        app.MapPost("/submissions/{id}/republish", RepublishAsync);
    }

    private static async Task<IResult> ApproveAsync(string id, HttpContext context, ServiceCalls calls)
    {
        if (await Forms.ReadValidatedAsync(context) is not { } form)
        {
            return Forms.Forged(context);
        }

        var request = new ApproveRevisionRequest
        {
            SubmissionId = id,
            Revision = Revision(form),
            ContentHash = form["content_hash"].ToString(),
            OverrideReason = form["override_reason"].ToString().Trim(),
            Comment = form["comment"].ToString().Trim(),
        };
        return await DecideAsync(context, id, () => calls.ApproveAsync(OperatorClaims.KeyOf(context.User), request, context.RequestAborted), "approved");
    }

    private static async Task<IResult> ReturnAsync(string id, HttpContext context, ServiceCalls calls)
    {
        if (await Forms.ReadValidatedAsync(context) is not { } form)
        {
            return Forms.Forged(context);
        }

        var request = new ReturnRevisionRequest { SubmissionId = id, Revision = Revision(form), Comment = form["comment"].ToString().Trim() };
        return await DecideAsync(context, id, () => calls.ReturnAsync(OperatorClaims.KeyOf(context.User), request, context.RequestAborted), "returned");
    }

    private static async Task<IResult> RetractAsync(string id, HttpContext context, ServiceCalls calls)
    {
        if (await Forms.ReadValidatedAsync(context) is not { } form)
        {
            return Forms.Forged(context);
        }

        var reason = form["reason"].ToString().Trim();
        if (reason.Length == 0)
        {
            return Layout.Html(context, "操作未完成", Markup.Of($"""
                <h1>操作未完成</h1><p class="flash" role="alert">撤回须填写理由。</p><p><a href="/submissions/{id}">返回报送</a></p>
                """), StatusCodes.Status400BadRequest);
        }

        return await DecideAsync(context, id, () => calls.RetractAsync(OperatorClaims.KeyOf(context.User), id, reason, context.RequestAborted), "retracted");
    }

    private static async Task<IResult> RepublishAsync(string id, HttpContext context, ServiceCalls calls)
    {
        if (await Forms.ReadValidatedAsync(context) is null)
        {
            return Forms.Forged(context);
        }

        return await DecideAsync(context, id, () => calls.RepublishAsync(OperatorClaims.KeyOf(context.User), id, context.RequestAborted), "republished");
    }

    /// <summary>Runs one call for an operator's action; its refusal as a Chinese page, else back to the submission with a notice.</summary>
    internal static async Task<IResult> DecideAsync<T>(HttpContext context, string id, Func<Task<T>> call, string done)
    {
        try
        {
            await call();
        }
        catch (RpcException ex) when (ex.StatusCode is not StatusCode.Unauthenticated)
        {
            // The detail is already in the operator's words (ServiceCalls); each violation by its field's Chinese name.
            var violations = ex.FieldViolations().Select(v => Markup.Of($"<li>{FieldLabels.Chinese(v.Field)}：{CallFailure.Chinese(v.Description) ?? CallFailure.Meaning(ex.StatusCode)}</li>"));
            var status = ErrorPages.HttpStatus(ex.StatusCode);
            return Layout.Html(context, "操作未完成", Markup.Of($"""
                <h1>操作未完成</h1><p class="flash" role="alert" id="failure">{ex.Status.Detail}</p><ul id="violations">{violations}</ul>
                <p><a href="/submissions/{id}">返回报送</a></p>
                """), status);
        }

        // Post/redirect/get: a browser refresh must not send the decision twice.
        return Results.Redirect($"/submissions/{Uri.EscapeDataString(id)}?done={done}");
    }

    private static int Revision(IFormCollection form) =>
        int.TryParse(form["revision"], NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : 0;
}
