using System.CommandLine;
using BudgetMesh.Contracts.Intake.V1;
using Spectre.Console;

namespace BudgetMesh.Cli.Commands;

/// <summary>`budgetmesh status ID`: one submission, its latest revision's status and counts, and its history.</summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "报送编号（见报送回执）" };
        var revision = new Option<int>("--revision") { Description = "版本号；默认最新版本" };
        var connection = new ConnectionOptions(Peer.Intake);
        var command = new Command("status", "查看报送状态与历史") { id, revision };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var session = connection.Open(result, console);
            var response = await session.IntakeAsync((client, options) => client.GetSubmissionAsync(new GetSubmissionRequest { SubmissionId = result.GetValue(id)!, Revision = result.GetValue(revision) }, options), cancellationToken);
            if (session.Json)
            {
                await Display.WriteJsonAsync(console.Output, Display.Node(response));
                return ExitCodes.Ok;
            }

            var s = response.Summary;
            await console.Output.WriteLineAsync($"{s.SubmissionId}  {s.DistrictCode} {s.DepartmentCode} {s.DepartmentName} / {s.UnitName}  {s.BudgetYear}年");
            await console.Output.WriteLineAsync($"第{response.Receipt.Revision}版：{Display.Status(response.Receipt.Status)}  {Display.Counts(s.ReportSummary)}  内容哈希 {response.Receipt.ContentHash}");
            var history = Display.NewTable(("时间（北京时间）", true), ("版本", true), ("状态", false), ("操作者", false), ("原因或意见", false)).Title("状态历史");
            foreach (var change in response.History)
            {
                history.AddRow(Display.Time(change.At), change.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Display.Status(change.Status), Display.Safe(change.Actor), Display.Safe(change.Reason));
            }

            Display.Ansi(console.Output).Write(history);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
