using System.CommandLine;
using BudgetMesh.Cli.Commands;

namespace BudgetMesh.Cli;

/// <summary>The command tree. Each command lives in Commands/ and owns its options and its exit codes.</summary>
public static class BudgetMeshCli
{
    /// <param name="environment">Reads an environment variable (a parameter so tests need not touch the process's).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        var console = new CliConsole(output, error, environment);
        var root = new RootCommand("BudgetMesh 命令行：报送、校核、审核与公开部门预算")
        {
            // District systems and analysts.
            SubmitCommand.Create(console),
            StatusCommand.Create(console),
            WatchCommand.Create(console),
            ListCommand.Create(console),
            ReportCommand.Create(console),
            ImportCommand.Create(console),
            CheckCommand.Create(console),

            // Operators.
            ApproveCommand.Create(console),
            ReturnCommand.Create(console),
            RetractCommand.Create(console),

            // Administrators.
            KeysCommand.Create(console),
            new Command("catalog", "分类目录（政府收支分类科目）") { CatalogImportCommand.Create(console) },
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            await error.WriteLineAsync("用法：budgetmesh --help 查看全部命令；budgetmesh <命令> --help 查看该命令的参数。");
            return ExitCodes.InvalidInput;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}

/// <summary>Where a command writes and what it reads from the environment.</summary>
public sealed record CliConsole(TextWriter Output, TextWriter Error, Func<string, string?> Environment);
