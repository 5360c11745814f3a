using System.CommandLine;
using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// `budgetmesh approve ID --reason`: approves the latest revision (operator key). The content hash sent is the one
/// Intake shows now, so a revision that arrives in between is refused, not approved unseen. With open error
/// findings the reason is the recorded override.
/// </summary>
internal static class ApproveCommand
{
    public static Command Create(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "报送编号" };
        var reason = new Option<string>("--reason") { Description = "批准理由（有未处理的错误时即为“带错批准”的理由，记入审计）", Required = true };
        var connection = new ConnectionOptions(Peer.Intake);
        var command = new Command("approve", "批准最新版本公开（操作员密钥）") { id, reason };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var why = result.GetValue(reason)!.Trim();
            if (why.Length == 0)
            {
                throw new UsageException("--reason 不能为空");
            }

            using var session = connection.Open(result, console);
            var current = await session.IntakeAsync((client, options) => client.GetSubmissionAsync(new GetSubmissionRequest { SubmissionId = result.GetValue(id)! }, options), cancellationToken);
            var response = await session.IntakeAsync((client, options) => client.ApproveRevisionAsync(new ApproveRevisionRequest
            {
                SubmissionId = current.Receipt.SubmissionId,
                Revision = current.Receipt.Revision,
                ContentHash = current.Receipt.ContentHash,
                OverrideReason = current.Receipt.Status == SubmissionStatus.ReconciledErrors ? why : string.Empty,
                Comment = why,
            }, options), cancellationToken);
            await ReceiptOutput.WriteAsync(session, response.Receipt, "已批准");
            return ExitCodes.Ok;
        }));
        return command;
    }
}

/// <summary>The one-line answer of the commands that change a status.</summary>
internal static class ReceiptOutput
{
    public static Task WriteAsync(Session session, Receipt receipt, string verb) =>
        session.Json
            ? Display.WriteJsonAsync(session.Console.Output, Display.Node(receipt))
            : session.Console.Output.WriteLineAsync($"{verb}：{receipt.SubmissionId} 第{receipt.Revision}版，状态 {Display.Status(receipt.Status)}");
}
