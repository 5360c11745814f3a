using System.CommandLine;
using System.Text.Json.Nodes;
using BudgetMesh.Contracts.Intake.V1;
using Spectre.Console;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// `budgetmesh list`: the submissions the key may see, newest first, every page; filtered by Intake (district, year,
/// name, reviewed mark, assignee), with each one's 审阅 / 分派给 state.
/// </summary>
internal static class ListCommand
{
    public static Command Create(CliConsole console)
    {
        var district = new Option<string?>("--district") { Description = "6位区划代码" };
        var year = new Option<int>("--year") { Description = "预算年度" };
        var query = new Option<string?>("--query") { Description = "按部门或单位名称查找" };
        var reviewed = new Option<string?>("--reviewed") { Description = "按审阅标记筛选：yes（已审阅）或 no（未审阅）" };
        reviewed.AcceptOnlyFromAmong("yes", "no");
        var assignee = new Option<string?>("--assignee") { Description = "只列出分派给该操作员的报送（操作员密钥的名称）" };
        var unassigned = new Option<bool>("--unassigned") { Description = "只列出未分派的报送" };
        var connection = new ConnectionOptions(Peer.Intake);
        var command = new Command("list", "列出报送") { district, year, query, reviewed, assignee, unassigned };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var named = result.GetValue(assignee)?.Trim() ?? string.Empty;
            if (named.Length > 0 && result.GetValue(unassigned))
            {
                throw new UsageException("--assignee 与 --unassigned 只能选一个");
            }

            using var session = connection.Open(result, console);
            var all = new List<SubmissionSummary>();
            var request = new ListSubmissionsRequest
            {
                DistrictCode = result.GetValue(district) ?? string.Empty,
                BudgetYear = result.GetValue(year),
                Query = result.GetValue(query) ?? string.Empty,
                Reviewed = result.GetValue(reviewed) switch
                {
                    "yes" => ReviewedFilter.Reviewed,
                    "no" => ReviewedFilter.NotReviewed,
                    _ => ReviewedFilter.Unspecified,
                },
                // Intake's value for "assigned to nobody" (ListSubmissionsRequest.assignee).
                Assignee = result.GetValue(unassigned) ? AssigneeFilter.Unassigned : named,
                PageSize = 500,
            };
            do
            {
                var page = await session.IntakeAsync((client, options) => client.ListSubmissionsAsync(request, options), cancellationToken);
                all.AddRange(page.Submissions);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);

            if (session.Json)
            {
                await Display.WriteJsonAsync(console.Output, new JsonArray(all.Select(s => (JsonNode?)Display.Node(s)).ToArray()));
                return ExitCodes.Ok;
            }

            // The marks share the status cell (a line of their own): an eighth column leaves the wrapping ones too little of 100 columns.
            var table = Display.NewTable(("报送编号", true), ("区划 部门 / 单位", false), ("年度", true), ("版本", true), ("状态 / 审阅 / 分派给", false), ("错/警", true),
                ("更新（北京时间）", true));
            foreach (var s in all)
            {
                table.AddRow(s.SubmissionId, Display.Safe($"{s.DistrictCode} {s.DepartmentCode} {s.DepartmentName} / {s.UnitName}"),
                    s.BudgetYear.ToString(System.Globalization.CultureInfo.InvariantCulture), s.LatestRevision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{Display.Status(s.Status)}\n{Display.Safe(Marks(s))}", s.ReportSummary is { } r ? $"{r.Errors}/{r.Warnings}" : "—", Display.ShortTime(s.UpdatedAt));
            }

            Display.Ansi(console.Output).Write(table);
            await console.Output.WriteLineAsync($"共 {all.Count} 个报送");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>"已审阅 / 张三", "未审阅 / 未分派": the latest revision's mark and the assignee, as `review` and `assign` print them.</summary>
    private static string Marks(SubmissionSummary s) =>
        $"{(s.ReviewedBy.Length > 0 ? "已审阅" : "未审阅")} / {(s.Assignee.Length > 0 ? s.Assignee : "未分派")}";
}
