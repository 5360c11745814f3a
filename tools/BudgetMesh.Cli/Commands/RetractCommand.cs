using System.CommandLine;
using BudgetMesh.Contracts.Publication.V1;

namespace BudgetMesh.Cli.Commands;

/// <summary>`budgetmesh retract ID --reason`: withdraws a published disclosure from the website (operator key).</summary>
internal static class RetractCommand
{
    public static Command Create(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "报送编号" };
        var reason = new Option<string>("--reason") { Description = "撤回原因（记入审计）", Required = true };
        var connection = new ConnectionOptions(Peer.Publication);
        var command = new Command("retract", "从网站撤回已公开的预算（操作员密钥）") { id, reason };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var why = result.GetValue(reason)!.Trim();
            if (why.Length == 0)
            {
                throw new UsageException("--reason 不能为空");
            }

            using var session = connection.Open(result, console);
            var response = await session.PublicationAsync((client, options) => client.RetractPublicationAsync(new RetractPublicationRequest { SubmissionId = result.GetValue(id)!, Reason = why }, options), cancellationToken);
            if (session.Json)
            {
                await Display.WriteJsonAsync(console.Output, Display.Node(response.Publication));
                return ExitCodes.Ok;
            }

            var p = response.Publication;
            var state = p.State switch
            {
                PublicationState.Retracted => "已从网站撤回",
                PublicationState.RetractionPending => "撤回待网站确认（网站暂不可用，将自动重试）",
                _ => p.State.ToString(),
            };
            await console.Output.WriteLineAsync($"{p.SubmissionId} 第{p.Revision}版：{state}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
