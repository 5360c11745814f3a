using System.Globalization;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.SignIn;
using BudgetMesh.Contracts.Intake.V1;
using Microsoft.AspNetCore.Http;

namespace BudgetMesh.Console.Submissions;

/// <summary>What arrived: every submission the operator may see, filtered, refreshed every 15 seconds.</summary>
internal static class SubmissionListPage
{
    public static async Task<IResult> ShowAsync(HttpContext context, ServiceCalls calls, TimeProvider time)
    {
        var query = context.Request.Query;
        var request = new ListSubmissionsRequest
        {
            DistrictCode = query["district"].ToString().Trim(),
            DepartmentCode = query["department"].ToString().Trim(),
            Query = query["q"].ToString().Trim(),
            BudgetYear = int.TryParse(query["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : 0,
            Status = Enum.TryParse<SubmissionStatus>(query["status"], out var status) && Enum.IsDefined(status) ? status : SubmissionStatus.Unspecified,
            PageSize = 200,
        };
        var response = await calls.ListSubmissionsAsync(OperatorClaims.KeyOf(context.User), request, context.RequestAborted);
        var now = time.GetUtcNow();
        var rows = response.Submissions.Select(s => Markup.Of($"""
            <tr data-submission="{s.SubmissionId}">
              <td><span class="{StatusLabels.BadgeClass(s.Status)}">{StatusLabels.Label(s.Status)}</span></td>
              <td>{s.DistrictCode}</td><td>{s.DepartmentCode} {s.DepartmentName}</td>
              <td><a href="/submissions/{s.SubmissionId}">{s.UnitName}</a></td><td>{s.BudgetYear}</td><td>{s.LatestRevision}</td>
              <td class="num">{s.ReportSummary?.Errors}</td><td class="num">{s.ReportSummary?.Warnings}</td>
              <td title="{StatusLabels.Time(s.ReceivedAt)}">{StatusLabels.Ago(s.ReceivedAt, now)}</td>
            </tr>
            """));
        var statuses = Enum.GetValues<SubmissionStatus>().Where(s => s != SubmissionStatus.Unspecified)
            .Select(s => Markup.Of($"""<option value="{s}"{(s == request.Status ? new Markup(" selected") : Markup.Empty)}>{StatusLabels.Label(s)}</option>"""));
        var refresh = query["refresh"] == "0" ? 0 : 15;
        return Layout.Html(context, "报送列表", Markup.Of($"""
            <h1>报送列表</h1>
            <form method="get" action="/" class="filters">
              <label>区县 <input name="district" value="{request.DistrictCode}" size="8"></label>
              <label>部门编码 <input name="department" value="{request.DepartmentCode}" size="6"></label>
              <label>年度 <input name="year" value="{(request.BudgetYear == 0 ? "" : request.BudgetYear.ToString(CultureInfo.InvariantCulture))}" size="5"></label>
              <label>状态 <select name="status"><option value="">全部</option>{statuses}</select></label>
              <label>搜索 <input name="q" value="{request.Query}" placeholder="部门或单位名称"></label>
              <button type="submit">筛选</button>
            </form>
            <p class="muted">共 {response.Submissions.Count} 条；{(refresh > 0 ? "每15秒自动刷新" : "自动刷新已关闭")}。</p>
            <table id="submissions"><thead><tr><th>状态</th><th>区县</th><th>部门</th><th>单位</th><th>年度</th><th>版本</th><th>错误</th><th>警告</th><th>报送时间</th></tr></thead>
            <tbody>{rows}</tbody></table>
            """), refreshSeconds: refresh);
    }
}
