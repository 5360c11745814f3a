using System.Globalization;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.SignIn;
using BudgetMesh.Console.Submissions;
using BudgetMesh.Contracts.Intake.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace BudgetMesh.Console.Approval;

/// <summary>
/// Approve or return the rows ticked in the queue, one Intake call each with the operator's own key. A row is
/// approved only if it still waits at the revision the operator saw and has no error; everything else is skipped
/// and said why, so a bulk decision never approves what the list did not show.
/// </summary>
internal static class BulkDecisions
{
    public static async Task<IResult> DecideAsync(HttpContext context, ServiceCalls calls)
    {
        if (await Forms.ReadValidatedAsync(context) is not { } form)
        {
            return Forms.Forged(context);
        }

        var approve = form["action"] == "approve";
        var comment = form["comment"].ToString().Trim();
        var picks = form["pick"].Select(Parse).OfType<(string Id, int Revision)>().Distinct().ToList();
        if (picks.Count == 0 || (!approve && comment.Length == 0))
        {
            var why = picks.Count == 0 ? "没有勾选任何报送。" : "批量退回须填写退回意见。";
            return Layout.Html(context, "批量处理未执行", Markup.Of($"""<h1>批量处理未执行</h1><p class="flash" role="alert" id="bulk-error">{why}</p><p><a href="/">返回报送列表</a></p>"""), StatusCodes.Status400BadRequest);
        }

        var key = OperatorClaims.KeyOf(context.User);
        var outcomes = new List<(string Unit, string Id, bool Done, string Text)>();
        foreach (var (id, revision) in picks)
        {
            outcomes.Add(await DecideOneAsync(calls, key, id, revision, approve, comment, context.RequestAborted));
        }

        var done = outcomes.Count(o => o.Done);
        var verb = approve ? "批准" : "退回";
        var rows = outcomes.Select(o => Markup.Of($"""<tr data-submission="{o.Id}" data-done="{(o.Done ? "1" : "0")}"><td data-verbatim><a href="/submissions/{o.Id}">{o.Unit}</a></td><td>{o.Text}</td></tr>"""));
        return Layout.Html(context, $"批量{verb}结果", Markup.Of($"""
            <h1>批量{verb}结果</h1>
            <p class="notice" id="bulk-summary">已{verb} {done} 份，未处理 {outcomes.Count - done} 份。</p>
            <table id="bulk-results"><thead><tr><th scope="col">单位</th><th scope="col">结果</th></tr></thead><tbody>{rows}</tbody></table>
            <p><a href="/">返回报送列表</a></p>
            """));
    }

    private static async Task<(string Unit, string Id, bool Done, string Text)> DecideOneAsync(
        ServiceCalls calls, string key, string id, int revision, bool approve, string comment, CancellationToken ct)
    {
        GetSubmissionResponse current;
        try
        {
            current = await calls.GetSummaryAsync(key, id, ct);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument or StatusCode.PermissionDenied)
        {
            return (id, id, false, "未处理：找不到该报送。");
        }
        catch (RpcException ex) when (ex.StatusCode is not StatusCode.Unauthenticated)
        {
            return (id, id, false, $"未处理：{ex.Status.Detail}");
        }

        var unit = current.Summary.UnitName;
        if (current.Summary.LatestRevision != revision)
        {
            return (unit, id, false, $"未处理：已有第{current.Summary.LatestRevision}版，请打开查看。");
        }

        if (!ReviewQueue.AwaitsDecision(current.Receipt.Status))
        {
            return (unit, id, false, $"未处理：当前状态为“{StatusLabels.Label(current.Receipt.Status)}”，无需审批。");
        }

        if (approve && (current.Summary.ReportSummary?.Errors ?? 0) > 0)
        {
            return (unit, id, false, "未处理：存在错误，须逐份打开并带理由批准或退回。");
        }

        try
        {
            if (approve)
            {
                await calls.ApproveAsync(key, new ApproveRevisionRequest
                {
                    SubmissionId = id, Revision = revision, ContentHash = current.Receipt.ContentHash, Comment = comment.Length > 0 ? $"批量批准：{comment}" : "批量批准",
                }, ct);
                return (unit, id, true, "已批准，等待发布。");
            }

            await calls.ReturnAsync(key, new ReturnRevisionRequest { SubmissionId = id, Revision = revision, Comment = comment }, ct);
            return (unit, id, true, "已退回区县。");
        }
        catch (RpcException ex) when (ex.StatusCode is not StatusCode.Unauthenticated)
        {
            return (unit, id, false, $"未处理：{ex.Status.Detail}");
        }
    }

    private static (string Id, int Revision)? Parse(string? pick)
    {
        var parts = (pick ?? string.Empty).Split(':');
        return parts.Length == 2 && Guid.TryParse(parts[0], out var id) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? (id.ToString("D"), revision)
            : null;
    }
}
