using System.CommandLine;
using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// `budgetmesh review ID [--undo]` marks the latest revision 已审阅 (or clears the mark) and `budgetmesh assign ID
/// [NAME | --clear]` assigns the submission to an operator (operator key): the console's marks, from a terminal.
/// </summary>
internal static class ReviewCommand
{
    public static Command Review(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "报送编号" };
        var undo = new Option<bool>("--undo") { Description = "取消已审阅标记" };
        var connection = new ConnectionOptions(Peer.Intake);
        var command = new Command("review", "把最新版本标记为已审阅，或取消标记（操作员密钥）") { id, undo };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var session = connection.Open(result, console);
            var current = await session.IntakeAsync((client, options) => client.GetSubmissionAsync(new GetSubmissionRequest { SubmissionId = result.GetValue(id)! }, options), cancellationToken);
            var response = await session.IntakeAsync((client, options) => client.MarkReviewedAsync(new MarkReviewedRequest
            {
                SubmissionId = current.Receipt.SubmissionId,
                Revision = current.Summary.LatestRevision,
                Reviewed = !result.GetValue(undo),
            }, options), cancellationToken);
            await WriteAsync(session, response.Summary);
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Assign(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "报送编号" };
        var name = new Argument<string?>("NAME") { Description = "操作员名称（其操作员密钥的名称）", Arity = ArgumentArity.ZeroOrOne };
        var clear = new Option<bool>("--clear") { Description = "取消分派" };
        var connection = new ConnectionOptions(Peer.Intake);
        var command = new Command("assign", "把报送分派给一名操作员，或取消分派（操作员密钥）") { id, name, clear };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var assignee = result.GetValue(name)?.Trim() ?? string.Empty;
            if (result.GetValue(clear) == (assignee.Length > 0))
            {
                throw new UsageException("请给出操作员名称，或用 --clear 取消分派（二者选一）");
            }

            using var session = connection.Open(result, console);
            var response = await session.IntakeAsync((client, options) => client.AssignSubmissionAsync(new AssignSubmissionRequest
            {
                SubmissionId = result.GetValue(id)!,
                Assignee = assignee,
            }, options), cancellationToken);
            await WriteAsync(session, response.Summary);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Task WriteAsync(Session session, SubmissionSummary summary)
    {
        if (session.Json)
        {
            return Display.WriteJsonAsync(session.Console.Output, Display.Node(summary));
        }

        var reviewed = summary.ReviewedBy.Length > 0 ? $"第{summary.LatestRevision}版已审阅" : $"第{summary.LatestRevision}版未审阅";
        var assigned = summary.Assignee.Length > 0 ? $"分派给 {summary.Assignee}" : "未分派";
        return session.Console.Output.WriteLineAsync($"{summary.SubmissionId}：{reviewed}，{assigned}");
    }
}
