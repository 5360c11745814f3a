using System.CommandLine;
using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// `budgetmesh watch ID`: prints every status change of a revision as it happens, until a final state (or, with
/// --until-reconciled, until the report is there).
/// </summary>
internal static class WatchCommand
{
    public static Command Create(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "报送编号" };
        var revision = new Option<int>("--revision") { Description = "跟踪的版本号；默认开始时的最新版本" };
        var untilReconciled = new Option<bool>("--until-reconciled") { Description = "校核完成即停止（否则跟踪到公开、退回、取代或撤回）" };
        var timeout = new Option<int>("--timeout") { Description = "最长跟踪秒数", DefaultValueFactory = _ => 3600 };
        var connection = new ConnectionOptions(Peer.Intake);
        var command = new Command("watch", "实时跟踪报送状态") { id, revision, untilReconciled, timeout };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var session = connection.Open(result, console);
            var stopEarly = result.GetValue(untilReconciled);
            var last = await session.WatchAsync(result.GetValue(id)!, result.GetValue(revision),
                change => stopEarly && Display.IsReconciledOrLater(change.Change.Status),
                change => session.Json
                    ? console.Output.WriteLineAsync(Display.Node(change).ToJsonString())
                    : console.Output.WriteLineAsync($"{Display.Time(change.Change.At)}（北京时间）  第{change.Change.Revision}版  {Display.Status(change.Change.Status)}  {change.Change.Actor}  {change.Change.Reason}  {Display.Counts(change.Summary.ReportSummary)}".TrimEnd()),
                TimeSpan.FromSeconds(Math.Max(1, result.GetValue(timeout))), cancellationToken);
            return last?.Summary.Status == SubmissionStatus.ReconciledErrors ? ExitCodes.FindingsWithErrors : ExitCodes.Ok;
        }));
        return command;
    }
}
