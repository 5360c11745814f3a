using BudgetMesh.Console.Findings;
using BudgetMesh.Console.Html;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Publication.V1;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Console.Submissions;

/// <summary>
/// What the operator can decide on this revision (approve, approve with an override reason, return; approve again
/// after a retraction) and where it stands on the website (with retract and re-push).
/// </summary>
internal static class DecisionSection
{
    /// <summary>
    /// The decision forms. On the submission page (<paramref name="confirm"/> false) approval is a link to the publish
    /// preview; the approve forms themselves sit on the preview, so nothing is published unseen.
    /// </summary>
    public static Markup Decision(HttpContext context, string id, GetSubmissionResponse submission, ReportView? view, bool confirm = false)
    {
        var status = submission.Receipt.Status;
        if (!(ReviewQueue.AwaitsDecision(status) || status == SubmissionStatus.Retracted) || submission.Receipt.Revision != submission.Summary.LatestRevision)
        {
            return Markup.Of($"""<h2>审批</h2><p class="muted" id="decision">当前状态（{StatusLabels.Label(status)}）下无需审批操作。</p>""");
        }

        var hidden = Markup.Of($"""{Forms.Token(context)}<input type="hidden" name="revision" value="{submission.Receipt.Revision}"><input type="hidden" name="content_hash" value="{submission.Receipt.ContentHash}">""");
        var errors = view?.Report.Summary?.Errors ?? submission.Summary.ReportSummary?.Errors ?? 0;
        var again = status == SubmissionStatus.Retracted ? "重新" : string.Empty;
        var approve = !confirm
            ? Markup.Of($"""<p><a href="/submissions/{id}/preview?revision={submission.Receipt.Revision}" id="preview-link" class="button">{again}批准前预览网站页面{(errors > 0 ? $"（存在{errors}个错误，须填写理由）" : "")}</a></p>""")
            : errors > 0
            ? Markup.Of($"""
                <form method="post" action="/submissions/{id}/approve" id="override-form"><fieldset><legend>{again}带理由批准（存在{errors}个错误）</legend>{hidden}
                  <p><label>越过错误的理由（必填） <textarea name="override_reason" required></textarea></label></p>
                  <p><label>备注 <input name="comment"></label></p><button type="submit" id="override-approve">{again}带理由批准</button></fieldset></form>
                """)
            : Markup.Of($"""
                <form method="post" action="/submissions/{id}/approve" id="approve-form"><fieldset><legend>{again}批准发布</legend>{hidden}
                  <p><label>备注 <input name="comment"></label></p><button type="submit" id="approve">{again}批准</button></fieldset></form>
                """);
        var returnForm = status == SubmissionStatus.Retracted || confirm ? Markup.Empty : Markup.Of($"""
            <form method="post" action="/submissions/{id}/return" id="return-form"><fieldset><legend>退回区县</legend>{hidden}
              <p><label>退回意见（必填） <textarea name="comment" required></textarea></label></p><button type="submit" id="return">退回</button></fieldset></form>
            """);
        return Markup.Of($"""<h2>审批</h2><div id="decision">{approve}{returnForm}</div>""");
    }

    public static Markup Publication(HttpContext context, string id, Optional<Contracts.Publication.V1.Publication> publication, IConfiguration configuration)
    {
        if (publication.Value is not { } p)
        {
            var why = publication.Error is null ? "尚未发布。" : $"发布状态暂不可查：{publication.Error}。";
            return Markup.Of($"""<h2>发布</h2><p id="publication" class="muted">{why}</p>""");
        }

        var site = configuration[SubmissionPage.WebsiteVariable] is { Length: > 0 } configured ? configured.TrimEnd('/') : "http://127.0.0.1:8080";
        var state = p.State switch
        {
            PublicationState.Published => $"已发布（第{p.Revision}版，批准人 {Words.Actor(p.ApprovedBy)}，批准于 {StatusLabels.Time(p.ApprovedAt)}，发布于 {StatusLabels.Time(p.PublishedAt)}）",
            PublicationState.Pending => $"发布中（第{p.Revision}版，批准人 {Words.Actor(p.ApprovedBy)}，批准于 {StatusLabels.Time(p.ApprovedAt)}）",
            PublicationState.Retracted => $"已撤回（第{p.Revision}版，撤回人 {Words.Actor(p.RetractedBy)}，撤回于 {StatusLabels.Time(p.RetractedAt)}，理由：{p.RetractionReason}）",
            PublicationState.RetractionPending => $"撤回中（撤回人 {Words.Actor(p.RetractedBy)}，理由：{p.RetractionReason}）",
            PublicationState.Refused => $"拒绝发布：{p.RefusalReason}",
            _ => "状态未知",
        };
        var overridden = p.OverrideReason.Length > 0 ? Markup.Of($"""<p id="publication-override"><span class="badge err">越过错误</span> 理由：{p.OverrideReason}</p>""") : Markup.Empty;
        var link = p.State == PublicationState.Published && p.Path.Length > 0
            ? Markup.Of($"""<a href="{site}/{p.Path.TrimStart('/')}" id="publication-link">{site}/{p.Path.TrimStart('/')}</a>""")
            : Markup.Empty;
        var actions = p.State != PublicationState.Published ? Markup.Empty : Markup.Of($"""
            <form method="post" action="/submissions/{id}/retract" id="retract-form"><fieldset><legend>从网站撤回</legend>{Forms.Token(context)}
              <p><label>撤回理由（必填，记入审计） <textarea name="reason" required></textarea></label></p><button type="submit" id="retract">撤回</button></fieldset></form>
            <form method="post" action="/submissions/{id}/republish" id="republish-form">{Forms.Token(context)}<button type="submit" id="republish">重新推送到网站（网站文件丢失时使用）</button></form>
            """);
        return Markup.Of($"""
            <h2>发布</h2><p id="publication" data-state="{p.State}">{state} {link}</p>{overridden}{actions}
            """);
    }
}
