using System.Globalization;
using BudgetMesh.Console.Districts;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.SignIn;
using BudgetMesh.Contracts.Intake.V1;
using Microsoft.AspNetCore.Http;

namespace BudgetMesh.Console.Submissions;

/// <summary>
/// The work queue: every submission the operator may see, filtered, sorted and paged, with counts by status and of
/// 待人工判断. Its rows and counts refresh in place (a small same-origin script) so a typed filter, the focus and a
/// selection for bulk decisions are never lost; clean packages can be approved, and any returned, in bulk.
/// </summary>
internal static class SubmissionListPage
{
    public static async Task<IResult> ShowAsync(HttpContext context, ServiceCalls calls, TimeProvider time)
    {
        var query = QueueQuery.From(context.Request.Query);
        var key = OperatorClaims.KeyOf(context.User);
        var all = await ReviewQueue.AllAsync(calls, key, query, context.RequestAborted);
        var sorted = query.Sorted(all).ToList();
        var pages = Math.Max(1, (sorted.Count + QueueQuery.PageSize - 1) / QueueQuery.PageSize);
        var page = sorted.Skip((Math.Min(query.Page, pages) - 1) * QueueQuery.PageSize).Take(QueueQuery.PageSize).ToList();
        var now = time.GetUtcNow();
        var rows = Rows(page, now);
        var counts = Counts(all);
        var updated = $"更新于 {StatusLabels.Clock(now)}（北京时间）";
        if (context.Request.Query["partial"] == "1")
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { rows = rows.Value, counts = counts.Value, updated });
        }

        var statuses = Enum.GetValues<SubmissionStatus>().Where(s => s != SubmissionStatus.Unspecified)
            .Select(s => Markup.Of($"""<option value="{s}"{(s == query.Status ? new Markup(" selected") : Markup.Empty)}>{StatusLabels.Label(s)}</option>"""));
        var districts = DistrictNames.All.Select(d => Markup.Of($"""<option value="{d.Key}"{(d.Key == query.District ? new Markup(" selected") : Markup.Empty)}>{d.Value}</option>"""));
        var operators = (await calls.ListAssigneesAsync(key, context.RequestAborted))
            .Select(n => Markup.Of($"""<option value="{n}"{(n == query.Assignee ? new Markup(" selected") : Markup.Empty)}>{n}</option>"""));
        Markup Selected(bool on) => on ? new Markup(" selected") : Markup.Empty;
        var interval = int.TryParse(context.Request.Query["refresh"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= 1 ? seconds : 15;
        return Layout.Html(context, "报送列表", Markup.Of($"""
            <h1>报送列表</h1>
            <form method="get" action="/" class="filters" role="search">
              <label>区县 <select name="district"><option value="">全部</option>{districts}</select></label>
              <label>部门编码 <input name="department" value="{query.Department}" size="6"></label>
              <label>年度 <input name="year" value="{(query.Year == 0 ? "" : query.Year.ToString(CultureInfo.InvariantCulture))}" size="5" inputmode="numeric"></label>
              <label>状态 <select name="status"><option value="">全部</option>{statuses}</select></label>
              <label>审阅 <select name="reviewed"><option value="">全部</option><option value="yes"{Selected(query.Reviewed == "yes")}>已审阅</option><option value="no"{Selected(query.Reviewed == "no")}>未审阅</option></select></label>
              <label>分派给 <select name="assignee"><option value="">全部</option><option value="{AssigneeFilter.Unassigned}"{Selected(query.Assignee == AssigneeFilter.Unassigned)}>未分派</option>{operators}</select></label>
              <label>搜索 <input name="q" value="{query.Text}" placeholder="部门或单位名称"></label>
              <button type="submit">筛选</button> <a href="{query.Url("/queue.csv")}" id="export" download>导出当前队列（CSV）</a>
            </form>
            <p id="queue-counts" class="counts" aria-live="polite">{counts}</p>
            <p class="muted"><span id="queue-updated">{updated}</span>；每{interval}秒自动更新列表，不影响正在输入的筛选条件和已勾选的报送。</p>
            <form method="post" action="/bulk" id="bulk-form">{Forms.Token(context)}
            <table id="submissions" data-refresh-seconds="{interval}"><caption class="muted">第{Math.Min(query.Page, pages)}页，共{pages}页，{sorted.Count}条</caption>
            <thead><tr><th scope="col"><span class="sr">选择</span></th>{Header(query, "status")}{Header(query, "district")}{Header(query, "department")}{Header(query, "unit")}{Header(query, "year")}<th scope="col">版本</th>{Header(query, "errors")}{Header(query, "warnings")}{Header(query, "reviews")}<th scope="col">审阅</th><th scope="col">分派给</th>{Header(query, "received")}</tr></thead>
            <tbody id="queue-body">{rows}</tbody></table>
            {Pager(query, pages)}
            <fieldset><legend>批量处理勾选的报送</legend>
              <p class="muted">只能批量批准没有错误的报送；有错误的请逐份打开，带理由批准或退回。</p>
              <p><label>备注或退回意见 <textarea name="comment"></textarea></label></p>
              <button type="submit" name="action" value="approve" id="bulk-approve">批量批准</button>
              <button type="submit" name="action" value="return" id="bulk-return">批量退回（须填写退回意见）</button>
            </fieldset></form>
            <script src="/console.js" defer></script>
            """));
    }

    private static Markup Rows(IEnumerable<SubmissionSummary> page, DateTimeOffset now) => Markup.Join(page.Select(s =>
    {
        var errors = s.ReportSummary?.Errors;
        var pick = ReviewQueue.AwaitsDecision(s.Status)
            ? Markup.Of($"""<input type="checkbox" name="pick" value="{s.SubmissionId}:{s.LatestRevision}" aria-label="选择 {s.UnitName}" data-verbatim{(errors > 0 ? new Markup(" data-has-errors") : Markup.Empty)}>""")
            : Markup.Empty;
        return Markup.Of($"""
            <tr data-submission="{s.SubmissionId}">
              <td>{pick}</td>
              <td><span class="{StatusLabels.BadgeClass(s.Status)}">{StatusLabels.Label(s.Status)}</span></td>
              <td data-district="{s.DistrictCode}">{DistrictNames.Name(s.DistrictCode)}</td><td data-verbatim>{s.DepartmentCode} {s.DepartmentName}</td>
              <td data-verbatim><a href="/submissions/{s.SubmissionId}">{s.UnitName}</a></td><td>{s.BudgetYear}</td><td>{s.LatestRevision}</td>
              <td class="num">{errors}</td><td class="num">{s.ReportSummary?.Warnings}</td><td class="num">{s.ReportSummary?.Reviews}</td>
              {ReviewMarkSection.QueueCells(s)}
              <td title="{StatusLabels.Time(s.ReceivedAt)}（北京时间）">{StatusLabels.Ago(s.ReceivedAt, now)}</td>
            </tr>
            """);
    }));

    private static Markup Counts(IReadOnlyList<SubmissionSummary> all)
    {
        var byStatus = all.GroupBy(s => s.Status).OrderBy(g => (int)g.Key)
            .Select(g => Markup.Of($"""<span data-status="{g.Key}">{StatusLabels.Label(g.Key)} {g.Count()}</span> · """));
        var awaiting = all.Count(s => ReviewQueue.AwaitsDecision(s.Status));
        var reviews = all.Where(s => ReviewQueue.AwaitsDecision(s.Status)).Sum(s => s.ReportSummary?.Reviews ?? 0);
        return Markup.Of($"""共 <strong id="count-all">{all.Count}</strong> 份：{byStatus}待审批 <strong id="count-awaiting">{awaiting}</strong> 份，其中待人工判断 <strong id="count-reviews">{reviews}</strong> 项""");
    }

    private static Markup Header(QueueQuery query, string column)
    {
        var label = QueueQuery.SortColumns[column];
        var current = query.Sort == column;
        var descending = current ? !query.Descending : column is "received" or "errors" or "warnings" or "reviews";
        var aria = current ? (query.Descending ? "descending" : "ascending") : "none";
        var arrow = current ? (query.Descending ? "▼" : "▲") : string.Empty;
        return Markup.Of($"""<th scope="col" aria-sort="{aria}"><a href="{query.Url("/", column, descending, 1)}">{label}{arrow}</a></th>""");
    }

    private static Markup Pager(QueueQuery query, int pages) => pages <= 1 ? Markup.Empty : Markup.Of($"""
        <nav class="pager" aria-label="分页">{Enumerable.Range(1, pages).Select(n => n == query.Page
            ? Markup.Of($"""<strong aria-current="page">{n}</strong> """)
            : Markup.Of($"""<a href="{query.Url("/", page: n)}">第{n}页</a> """))}</nav>
        """);
}
