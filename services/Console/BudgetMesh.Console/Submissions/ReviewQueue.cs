using System.Globalization;
using BudgetMesh.Contracts.Intake.V1;
using Microsoft.AspNetCore.Http;

namespace BudgetMesh.Console.Submissions;

/// <summary>
/// How the list is filtered, sorted and paged, read from and written back to the query string. <see cref="Reviewed"/>
/// is "yes", "no" or empty (any); <see cref="Assignee"/> an operator's name, <see cref="AssigneeFilter.Unassigned"/> or empty (any), as
/// ListSubmissionsRequest.assignee takes it.
/// </summary>
internal sealed record QueueQuery(string District, string Department, int Year, SubmissionStatus Status, string Text, string Sort, bool Descending, int Page,
    string Reviewed = "", string Assignee = "")
{
    public const int PageSize = 50;

    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["status"] = "状态", ["district"] = "区县", ["department"] = "部门", ["unit"] = "单位", ["year"] = "年度",
        ["errors"] = "错误", ["warnings"] = "警告", ["reviews"] = "待人工判断", ["received"] = "报送时间",
    };

    public static QueueQuery From(IQueryCollection query)
    {
        var sort = query["sort"].ToString();
        return new QueueQuery(
            query["district"].ToString().Trim(),
            query["department"].ToString().Trim(),
            int.TryParse(query["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : 0,
            Enum.TryParse<SubmissionStatus>(query["status"], out var status) && Enum.IsDefined(status) ? status : SubmissionStatus.Unspecified,
            query["q"].ToString().Trim(),
            SortColumns.ContainsKey(sort) ? sort : "received",
            query["dir"].ToString() switch
            {
                "asc" => false,
                "desc" => true,
                _ => !SortColumns.ContainsKey(sort) || sort is "received" or "errors" or "warnings" or "reviews",
            },
            int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1,
            query["reviewed"].ToString() is "yes" or "no" ? query["reviewed"].ToString() : "",
            query["assignee"].ToString().Trim());
    }

    /// <summary>The filters as Intake applies them (all of them, the operators' marks too, so counts and pages are Intake's).</summary>
    public ListSubmissionsRequest Request() => new()
    {
        DistrictCode = District,
        DepartmentCode = Department,
        BudgetYear = Year,
        Status = Status,
        Query = Text,
        Reviewed = Reviewed switch
        {
            "yes" => ReviewedFilter.Reviewed,
            "no" => ReviewedFilter.NotReviewed,
            _ => ReviewedFilter.Unspecified,
        },
        Assignee = Assignee,
    };

    /// <summary>This query as a URL on <paramref name="path"/>, with some parameters changed.</summary>
    public string Url(string path, string? sort = null, bool? descending = null, int? page = null)
    {
        var parts = new List<string>();
        void Add(string name, string value)
        {
            if (value.Length > 0)
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("district", District);
        Add("department", Department);
        Add("year", Year == 0 ? "" : Year.ToString(CultureInfo.InvariantCulture));
        Add("status", Status == SubmissionStatus.Unspecified ? "" : Status.ToString());
        Add("q", Text);
        Add("reviewed", Reviewed);
        Add("assignee", Assignee);
        Add("sort", sort ?? Sort);
        Add("dir", descending ?? Descending ? "desc" : "asc");
        Add("page", (page ?? Page) == 1 ? "" : (page ?? Page).ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? path : $"{path}?{string.Join('&', parts)}";
    }

    public IEnumerable<SubmissionSummary> Sorted(IEnumerable<SubmissionSummary> submissions)
    {
        Func<SubmissionSummary, IComparable> key = Sort switch
        {
            "status" => s => (int)s.Status,
            "district" => s => s.DistrictCode,
            "department" => s => s.DepartmentCode,
            "unit" => s => s.UnitName,
            "year" => s => s.BudgetYear,
            "errors" => s => s.ReportSummary?.Errors ?? -1,
            "warnings" => s => s.ReportSummary?.Warnings ?? -1,
            "reviews" => s => s.ReportSummary?.Reviews ?? -1,
            _ => s => s.ReceivedAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue,
        };
        // Ties keep Intake's order (newest first), so a page never shuffles between refreshes.
        return Descending ? submissions.OrderByDescending(key) : submissions.OrderBy(key);
    }
}

/// <summary>The submissions an operator may see, and those waiting for a decision.</summary>
internal static class ReviewQueue
{
    private const int MaxPages = 20;

    public static bool AwaitsDecision(SubmissionStatus status) =>
        status is SubmissionStatus.ReconciledClean or SubmissionStatus.ReconciledWarnings or SubmissionStatus.ReconciledErrors;

    /// <summary>Every submission matching the filters (Intake's pages followed to the end), newest first.</summary>
    public static async Task<IReadOnlyList<SubmissionSummary>> AllAsync(ServiceCalls calls, string key, QueueQuery query, CancellationToken ct)
    {
        var all = new List<SubmissionSummary>();
        var token = string.Empty;
        for (var page = 0; page < MaxPages; page++)
        {
            var request = query.Request();
            request.PageSize = 500;
            request.PageToken = token;
            var response = await calls.ListSubmissionsAsync(key, request, ct);
            all.AddRange(response.Submissions);
            token = response.NextPageToken;
            if (token.Length == 0)
            {
                break;
            }
        }

        return all;
    }

    /// <summary>The next submission after <paramref name="currentId"/> that waits for a decision, wrapping round; null when none.</summary>
    public static async Task<SubmissionSummary?> NextAsync(ServiceCalls calls, string key, string currentId, CancellationToken ct)
    {
        var all = (await AllAsync(calls, key, QueueQuery.From(new QueryCollection()), ct)).ToList();
        var at = all.FindIndex(s => s.SubmissionId == currentId);
        return all.Skip(at + 1).Concat(all.Take(Math.Max(at, 0)))
            .FirstOrDefault(s => s.SubmissionId != currentId && AwaitsDecision(s.Status));
    }
}
