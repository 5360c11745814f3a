using System.CommandLine;
using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Cli.Commands;

/// <summary>`budgetmesh return ID --comment`: sends the latest revision back to its district (operator key).</summary>
internal static class ReturnCommand
{
    public static Command Create(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "报送编号" };
        var comment = new Option<string>("--comment") { Description = "给区县的退回意见", Required = true };
        var connection = new ConnectionOptions(Peer.Intake);
        var command = new Command("return", "退回最新版本（操作员密钥）") { id, comment };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var text = result.GetValue(comment)!.Trim();
            if (text.Length == 0)
            {
                throw new UsageException("--comment 不能为空");
            }

            using var session = connection.Open(result, console);
            var current = await session.IntakeAsync((client, options) => client.GetSubmissionAsync(new GetSubmissionRequest { SubmissionId = result.GetValue(id)! }, options), cancellationToken);
            var response = await session.IntakeAsync((client, options) => client.ReturnRevisionAsync(new ReturnRevisionRequest
            {
                SubmissionId = current.Receipt.SubmissionId,
                Revision = current.Receipt.Revision,
                Comment = text,
            }, options), cancellationToken);
            await ReceiptOutput.WriteAsync(session, response.Receipt, "已退回");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
