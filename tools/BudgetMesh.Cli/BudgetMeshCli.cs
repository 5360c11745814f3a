using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using BudgetMesh.Cli.Commands;

namespace BudgetMesh.Cli;

/// <summary>The command tree. Each command lives in Commands/ and owns its options and its exit codes.</summary>
public static class BudgetMeshCli
{
    /// <param name="environment">Reads an environment variable (a parameter so tests need not touch the process's).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        // System.CommandLine's own words (help headings, parse errors) come from its zh-Hans resources; async-local,
        // so a caller's culture is back once this returns.
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
        var console = new CliConsole(output, error, environment);
        var root = new RootCommand("""
            BudgetMesh 命令行：报送、校核、审核与公开部门预算。时间均为北京时间。
            退出码：0 成功
                    1 报告有错误级别的发现，或服务拒绝、处理失败
                    2 用法或输入有误（会说明原因）
                    3 服务无法连接或超时
            """)
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
            ReviewCommand.Review(console),
            ReviewCommand.Assign(console),

            // Administrators.
            KeysCommand.Create(console),
            new Command("catalog", "分类目录（政府收支分类科目）") { CatalogImportCommand.Create(console) },
        };

        foreach (var option in root.Options)
        {
            option.Description = option switch
            {
                HelpOption => "显示帮助和用法",
                VersionOption => "显示版本信息",
                _ => option.Description,
            };
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync(ParseErrors.Chinese(problem.Message));
            }

            await error.WriteLineAsync("用法：budgetmesh --help 查看全部命令；budgetmesh <命令> --help 查看该命令的参数。");
            return ExitCodes.InvalidInput;
        }

        if (parsed.Action is HelpAction)
        {
            // Help goes through a buffer so the words System.CommandLine's zh-Hans resources leave in English are put in Chinese.
            using var help = new StringWriter();
            var shown = await parsed.InvokeAsync(new InvocationConfiguration { Output = help, Error = error }, cancellationToken);
            await output.WriteAsync(ParseErrors.Help(help.ToString()));
            return shown;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}

/// <summary>Where a command writes and what it reads from the environment.</summary>
public sealed record CliConsole(TextWriter Output, TextWriter Error, Func<string, string?> Environment);
