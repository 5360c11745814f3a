using System.CommandLine;
using System.Text.Json.Nodes;
using BudgetMesh.Contracts.Reconciler.V1;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// `budgetmesh check FILE`: the analyst's one-liner. Imports a published disclosure (or reads package JSON), submits
/// it to a running suite, waits for the report and prints the findings. Exit 1 when there are errors.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "预算包 JSON、公开文本（.txt）、PDF 或 Excel（.xlsx）" };
        var timeout = new Option<int>("--timeout") { Description = "最长等待秒数", DefaultValueFactory = _ => 300 };
        var connection = new ConnectionOptions(Peer.Intake, Peer.Reconciler);
        var identity = new IdentityOptions();
        var command = new Command("check", "导入并校核一份公开的预算，打印校核结果（需要运行中的 BudgetMesh）") { file, timeout };
        connection.AddTo(command);
        identity.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var source = result.GetValue(file)!;
            if (!source.Exists)
            {
                throw new UsageException($"文件不存在：{source.FullName}");
            }

            using var session = connection.Open(result, console);
            var outcome = (await SubmitCommand.SubmitAllAsync(session, [source], wait: true, parallel: 1,
                TimeSpan.FromSeconds(Math.Max(1, result.GetValue(timeout))), cancellationToken, identity.Read(result))).Single();
            foreach (var problem in outcome.Problems)
            {
                await console.Error.WriteLineAsync(problem);
            }

            if (outcome.Reconciled is null)
            {
                return outcome.Code == ExitCodes.Ok ? ExitCodes.Failed : outcome.Code;
            }

            var report = (await session.ReconcilerAsync<GetReportRequest, GetReportResponse>("GetReport",
                new GetReportRequest { SubmissionId = outcome.Response!.Receipt.SubmissionId, Revision = outcome.Response.Receipt.Revision }, cancellationToken)).Report;
            if (session.Json)
            {
                await Display.WriteJsonAsync(console.Output, new JsonObject
                {
                    ["receipt"] = Display.Node(outcome.Response.Receipt),
                    ["status"] = Display.StatusName(outcome.Status),
                    ["report"] = Display.Node(report),
                });
            }
            else
            {
                ReportCommand.Write(Display.Ansi(console.Output), report);
            }

            return report.Summary?.Errors > 0 ? ExitCodes.FindingsWithErrors : ExitCodes.Ok;
        }));
        return command;
    }
}
