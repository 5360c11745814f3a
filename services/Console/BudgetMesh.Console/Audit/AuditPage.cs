using System.Globalization;
using BudgetMesh.Console.Districts;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.SignIn;
using BudgetMesh.Console.Submissions;
using BudgetMesh.Contracts.Intake.V1;
using Microsoft.AspNetCore.Http;

namespace BudgetMesh.Console.Audit;

/// <summary>
/// Intake's append-only audit trail, newest first, filterable by unit, operator and date (Beijing time); override
/// approvals are flagged with their reason and 备注; actors by name.
/// </summary>
internal static partial class AuditPage
{
    private const int MaxPages = 40;
    private const int Shown = 500;

    public static async Task<IResult> ShowAsync(HttpContext context, ServiceCalls calls)
    {
        var q = context.Request.Query;
        var (unit, actor, action) = (q["unit"].ToString().Trim(), q["operator"].ToString().Trim(), q["action"].ToString().Trim());
        var from = Date(q["from"]);
        var to = Date(q["to"]);
        var key = OperatorClaims.KeyOf(context.User);

        var entries = new List<AuditEntry>();
        var token = string.Empty;
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await calls.ListAuditPageAsync(key, token, context.RequestAborted);
            entries.AddRange(response.Entries);
            token = response.NextPageToken;
            if (token.Length == 0)
            {
                break;
            }
        }

        var units = (await ReviewQueue.AllAsync(calls, key, QueueQuery.From(new QueryCollection()), context.RequestAborted))
            .ToDictionary(s => s.SubmissionId, StringComparer.Ordinal);
        var beijing = TimeSpan.FromHours(8);
        var shown = entries
            .Where(e => unit.Length == 0 || (units.TryGetValue(e.SubmissionId, out var s) && (s.UnitName.Contains(unit, StringComparison.Ordinal) || s.DepartmentName.Contains(unit, StringComparison.Ordinal))))
            .Where(e => actor.Length == 0 || Words.Actor(e.Actor).Contains(actor, StringComparison.Ordinal))
            .Where(e => action.Length == 0 || e.Action == action)
            .Where(e => from is null || DateOnly.FromDateTime(e.At.ToDateTimeOffset().ToOffset(beijing).DateTime) >= from)
            .Where(e => to is null || DateOnly.FromDateTime(e.At.ToDateTimeOffset().ToOffset(beijing).DateTime) <= to)
            .Reverse()
            .ToList();
        var rows = shown.Take(Shown).Select(e =>
        {
            var submission = units.GetValueOrDefault(e.SubmissionId);
            var what = submission is null
                ? (e.SubmissionId.Length == 0 ? Markup.Empty : Markup.Of($"""<a href="/submissions/{e.SubmissionId}">（单位未知）</a>"""))
                : Markup.Of($"""<a href="/submissions/{e.SubmissionId}" data-verbatim>{submission.UnitName}</a>（{DistrictNames.Name(submission.DistrictCode)}）""");
            var flag = e.Action == "override" ? Markup.Of($"""<span class="badge err">越过错误</span> """) : Markup.Empty;
            return Markup.Of($"""
                <tr data-action="{e.Action}" data-submission="{e.SubmissionId}"><td>{StatusLabels.Time(e.At)}</td><td>{Words.Actor(e.Actor)}</td><td>{flag}{Words.Action(e.Action)}</td>
                <td>{what}</td><td class="num">{(e.Revision > 0 ? e.Revision.ToString(CultureInfo.InvariantCulture) : "")}</td><td>{Codes(Words.Chinese(e.Reason))}</td></tr>
                """);
        });
        var actions = new[] { "submit", "reconciled", "approve", "override", "return", "publish", "retract", "review", "unreview", "assign", "unassign", "key-create", "key-revoke" }
            .Select(a => Markup.Of($"""<option value="{a}"{(a == action ? new Markup(" selected") : Markup.Empty)}>{Words.Action(a)}</option>"""));
        return Layout.Html(context, "审计记录", Markup.Of($"""
            <h1>审计记录</h1>
            <form method="get" action="/audit" class="filters" role="search">
              <label>单位或部门 <input name="unit" value="{unit}"></label>
              <label>操作者 <input name="operator" value="{actor}"></label>
              <label>操作 <select name="action"><option value="">全部</option>{actions}</select></label>
              <label>自 <input type="date" name="from" value="{from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"></label>
              <label>至 <input type="date" name="to" value="{to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"></label>
              <button type="submit">筛选</button>
            </form>
            <p class="muted" id="audit-count">共 {shown.Count} 条{(shown.Count > Shown ? $"，显示最近 {Shown} 条" : "")}；时间为北京时间。</p>
            <table id="audit"><thead><tr><th scope="col">时间（北京时间）</th><th scope="col">操作者</th><th scope="col">操作</th><th scope="col">单位</th><th scope="col">版本</th><th scope="col">理由、意见或说明</th></tr></thead>
            <tbody>{rows}</tbody></table>
            """));
    }

    // Key ids and hashes inside a reason are codes: shown as such, not as words.
    private static Markup Codes(string text) => Markup.Join(HexCode().Split(text).Select((part, i) => i % 2 == 1 ? Markup.Of($"<code>{part}</code>") : Markup.Of($"{part}")));

    [System.Text.RegularExpressions.GeneratedRegex(@"((?<=密钥 )[0-9A-Za-z_-]+|\b[0-9a-f]{12,64}\b|(?<=^|\s)/[0-9A-Za-z_./-]+)")]
    private static partial System.Text.RegularExpressions.Regex HexCode();

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
