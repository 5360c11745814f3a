using System.Globalization;
using BudgetMesh.Console.Findings;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.SignIn;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Contracts.Report.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Console.Submissions;

/// <summary>
/// One submission, in the order an operator works it: what it is and where it stands, the findings (each linked to
/// its cells and sentences), the narrative and tables (collapsible, open where a finding points), the decision,
/// the history; and the next submission waiting for a decision.
/// </summary>
internal static class SubmissionPage
{
    public const string WebsiteVariable = "BUDGETMESH_WEBSITE_URL";

    public static async Task<IResult> ShowAsync(string id, HttpContext context, ServiceCalls calls, IConfiguration configuration)
    {
        if (!Guid.TryParse(id, out _))
        {
            return Layout.Html(context, "未找到", Markup.Of($"""<p class="flash">报送编号无效。</p>"""), StatusCodes.Status404NotFound);
        }

        var key = OperatorClaims.KeyOf(context.User);
        var requested = int.TryParse(context.Request.Query["revision"], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 0;
        GetSubmissionResponse submission;
        try
        {
            submission = await calls.GetSubmissionAsync(key, id, requested, context.RequestAborted);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return Layout.Html(context, "未找到", Markup.Of($"""<p class="flash">没有这个报送或版本。</p>"""), StatusCodes.Status404NotFound);
        }

        var revision = submission.Receipt.Revision;
        var report = await calls.GetReportAsync(key, id, revision, context.RequestAborted);
        var publication = await calls.GetPublicationAsync(key, id, context.RequestAborted);
        var previous = revision > 1 ? await calls.GetSubmissionAsync(key, id, revision - 1, context.RequestAborted) : null;
        var next = await ReviewQueue.NextAsync(calls, key, id, context.RequestAborted);
        var operators = await calls.ListAssigneesAsync(key, context.RequestAborted);
        var view = report.Value is { } value && value.Revision == revision ? new ReportView(value) : null;
        var findings = view?.Findings ?? [];

        // Tables and narrative first, so the findings list knows which cell and sentence each location marked.
        var anchors = new FindingAnchors();
        var narrativeText = submission.Package.Narrative?.Text ?? string.Empty;
        var tables = PackageTables.From(submission.Package);
        var narrative = NarrativeHighlights.Render(narrativeText, findings, anchors);
        var tableMarkup = Markup.Join(tables.Select(t => TableMarkup.Render(t, findings, anchors)));
        var narrativeMarked = findings.Any(f => f.Finding.Locations.Any(l => l.Table == TableKey.Nar && l.Span is { Length: > 0 }));

        var s = submission.Summary;
        var header = submission.Package.Header;
        var body = Markup.Of($"""
            <h1><span data-verbatim>{header.UnitName}</span> <span class="{StatusLabels.BadgeClass(submission.Receipt.Status)}" id="status">{StatusLabels.Label(submission.Receipt.Status)}</span></h1>
            {Flash(context)}
            <p><span data-verbatim>{header.DistrictName}（{s.DistrictCode}） · {s.DepartmentCode} {s.DepartmentName}</span> · {s.BudgetYear}年 · 第{revision}版（共{s.LatestRevision}版）
               · 接收于 {StatusLabels.Time(submission.Receipt.ReceivedAt)} · 内容摘要 <code>{submission.Receipt.ContentHash[..Math.Min(12, submission.Receipt.ContentHash.Length)]}</code>
               · <a href="/submissions/{id}/traces" id="traces-link">在遥测面板中查看链路</a></p>
            <nav class="page-nav" aria-label="本页导航"><a href="#review-section">审阅与分派</a> <a href="#findings-section">审核发现</a> <a href="#tables">情况说明与附表</a> <a href="#decision-section">审批</a> <a href="#history-section">状态历史</a> {Next(next)}</nav>
            {Revisions(id, revision, s.LatestRevision)}
            {ReviewMarkSection.Render(context, id, submission, operators)}
            {FindingsSection.Render(view, report.Error, narrativeText, tables, anchors)}
            <h2 id="tables">情况说明与附表</h2>
            <details class="annex" id="narrative-section"{(narrativeMarked ? new Markup(" open") : Markup.Empty)}><summary><h3>情况说明</h3></summary>
            <div class="narrative" id="narrative">{narrative}</div></details>
            {tableMarkup}
            <section id="decision-section">{DecisionSection.Decision(context, id, submission, view)}
            {DecisionSection.Publication(context, id, publication, configuration)}</section>
            {History(submission)}
            {Diff(previous, submission)}
            """);
        return Layout.Html(context, header.UnitName, body);
    }

    private static Markup Next(SubmissionSummary? next) => next is null
        ? Markup.Of($"""<span class="muted" id="next-none">队列中没有其他待审批的报送</span>""")
        : Markup.Of($"""<a href="/submissions/{next.SubmissionId}" id="next" rel="next">下一份：<span data-verbatim>{next.UnitName}</span></a>""");

    private static Markup Flash(HttpContext context) => context.Request.Query["done"].ToString() switch
    {
        "approved" => Markup.Of($"""<p class="notice" id="flash">已批准，等待发布。</p>"""),
        "returned" => Markup.Of($"""<p class="notice" id="flash">已退回区县。</p>"""),
        "retracted" => Markup.Of($"""<p class="notice" id="flash">已从网站撤回。如需重新公开，请再次批准。</p>"""),
        "republished" => Markup.Of($"""<p class="notice" id="flash">已重新推送到网站。</p>"""),
        "reviewed" => Markup.Of($"""<p class="notice" id="flash">已标记为已审阅。</p>"""),
        "unreviewed" => Markup.Of($"""<p class="notice" id="flash">已取消已审阅标记。</p>"""),
        "assigned" => Markup.Of($"""<p class="notice" id="flash">已保存分派。</p>"""),
        "unassigned" => Markup.Of($"""<p class="notice" id="flash">已取消分派。</p>"""),
        _ => Markup.Empty,
    };

    private static Markup Revisions(string id, int revision, int latest) => latest <= 1 ? Markup.Empty : Markup.Of($"""
        <p>版本：{Enumerable.Range(1, latest).Select(n => n == revision ? Markup.Of($"<strong>第{n}版</strong> ") : Markup.Of($"""<a href="/submissions/{id}?revision={n}">第{n}版</a> """))}</p>
        """);

    private static Markup History(GetSubmissionResponse submission) => Markup.Of($"""
        <h2 id="history-section">状态历史</h2><table id="history"><thead><tr><th>时间（北京时间）</th><th>版本</th><th>状态</th><th>操作者</th><th>理由/意见</th></tr></thead><tbody>
        {submission.History.Select(h => Markup.Of($"<tr><td>{StatusLabels.Time(h.At)}</td><td>{h.Revision}</td><td>{StatusLabels.Label(h.Status)}</td><td>{Words.Actor(h.Actor)}</td><td>{Words.Chinese(h.Reason)}</td></tr>"))}
        </tbody></table>
        """);

    private static Markup Diff(GetSubmissionResponse? previous, GetSubmissionResponse current)
    {
        if (previous?.Package is null)
        {
            return Markup.Empty;
        }

        var changes = RevisionDiff.Between(previous.Package, current.Package);
        var rows = changes.Select(c => Markup.Of($"""
            <tr><td>{c.Table}</td><td>{c.Row}</td><td>{c.Column}</td><td class="diff-old">{c.Before}</td><td class="diff-new">{c.After}</td></tr>
            """));
        return Markup.Of($"""
            <h2>与第{previous.Receipt.Revision}版相比的改动（{changes.Count}处）</h2>
            <table id="diff"><thead><tr><th>表</th><th>行</th><th>列</th><th>原值</th><th>新值</th></tr></thead><tbody>{rows}</tbody></table>
            """);
    }
}
