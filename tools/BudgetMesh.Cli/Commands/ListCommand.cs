using System.CommandLine;
using System.Text.Json.Nodes;
using BudgetMesh.Contracts.Intake.V1;
using Spectre.Console;

namespace BudgetMesh.Cli.Commands;

/// <summary>`budgetmesh list`: the submissions the key may see, newest first, every page.</summary>
internal static class ListCommand
{
    public static Command Create(CliConsole console)
    {
        var district = new Option<string?>("--district") { Description = "6位区划代码" };
        var year = new Option<int>("--year") { Description = "预算年度" };
        var query = new Option<string?>("--query") { Description = "按部门或单位名称查找" };
        var connection = new ConnectionOptions(Peer.Intake);
        var command = new Command("list", "列出报送") { district, year, query };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var session = connection.Open(result, console);
            var all = new List<SubmissionSummary>();
            var request = new ListSubmissionsRequest
            {
                DistrictCode = result.GetValue(district) ?? string.Empty,
                BudgetYear = result.GetValue(year),
                Query = result.GetValue(query) ?? string.Empty,
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

            var table = Display.NewTable(("报送编号", true), ("区划 部门 / 单位", false), ("年度", true), ("版本", true), ("状态", false), ("错/警", true), ("更新（北京时间）", true));
            foreach (var s in all)
            {
                table.AddRow(s.SubmissionId, Display.Safe($"{s.DistrictCode} {s.DepartmentCode} {s.DepartmentName} / {s.UnitName}"),
                    s.BudgetYear.ToString(System.Globalization.CultureInfo.InvariantCulture), s.LatestRevision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Display.Status(s.Status), s.ReportSummary is { } r ? $"{r.Errors}/{r.Warnings}" : "—", Display.ShortTime(s.UpdatedAt));
            }

            Display.Ansi(console.Output).Write(table);
            await console.Output.WriteLineAsync($"共 {all.Count} 个报送");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
