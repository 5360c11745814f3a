using System.Text;
using BudgetMesh.Console.Districts;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.SignIn;
using BudgetMesh.Contracts.Intake.V1;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace BudgetMesh.Console.Submissions;

/// <summary>The queue as the list shows it (same filters and order, all pages) as a CSV file with Chinese headers.</summary>
internal static class QueueExport
{
    public static async Task<IResult> DownloadAsync(HttpContext context, ServiceCalls calls, TimeProvider time)
    {
        var query = QueueQuery.From(context.Request.Query);
        var all = query.Sorted(await ReviewQueue.AllAsync(calls, OperatorClaims.KeyOf(context.User), query, context.RequestAborted));
        var csv = new StringBuilder("\uFEFF状态,区县代码,区县,部门编码,部门,单位,年度,版本,错误,警告,待人工判断,审阅,分派给,报送时间（北京时间）,报送编号\r\n");
        foreach (var s in all)
        {
            string[] cells =
            [
                StatusLabels.Label(s.Status), s.DistrictCode, DistrictNames.Name(s.DistrictCode), s.DepartmentCode, s.DepartmentName, s.UnitName,
                s.BudgetYear.ToString(System.Globalization.CultureInfo.InvariantCulture), s.LatestRevision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Count(s.ReportSummary?.Errors), Count(s.ReportSummary?.Warnings), Count(s.ReportSummary?.Reviews), Reviewed(s), s.Assignee, StatusLabels.Time(s.ReceivedAt), s.SubmissionId,
            ];
            csv.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        }

        var name = $"报送队列-{StatusLabels.Time(time.GetUtcNow())[..10]}.csv";
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = name, FileName = "queue.csv" }.ToString();
        context.Response.Headers.CacheControl = "no-store";
        return Results.Text(csv.ToString(), "text/csv; charset=utf-8");
    }

    // As the submission page says it: who marked the latest revision, and when (Beijing time); blank when unmarked.
    private static string Reviewed(SubmissionSummary s) =>
        s.ReviewedBy.Length > 0 ? $"已审阅（{Words.Actor(s.ReviewedBy)}，{StatusLabels.Time(s.ReviewedAt)}）" : string.Empty;

    private static string Count(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    // Quote every field that needs it; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula.
    private static string Cell(string value)
    {
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }
}
