using System.CommandLine;
using System.Text.Json.Nodes;
using BudgetMesh.Cli.Checking;
using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Reconciliation;
using Spectre.Console;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// `budgetmesh check FILE [--local]`: the analyst's one-liner. Reads package JSON or imports a published disclosure,
/// has every rule judge it and prints the findings. Nothing is submitted or stored: against a running suite it is the
/// Reconciler's CheckPackage (an operator key, or a district key for its own district); with --local the same
/// pipeline runs in this process with no service at all.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "预算包 JSON、公开文本（.txt）、PDF 或电子表格（.xlsx）" };
        var local = new Option<bool>("--local") { Description = "在本机运行全部规则，不连接任何服务（只用内置分类目录）" };
        var identity = new IdentityOptions();
        var connection = new ConnectionOptions(Peer.Reconciler);
        var command = new Command("check", """
            校核一份预算包或公开的部门预算，打印全部校核结果；不报送、不保存任何内容。
            默认交给运行中的 BudgetMesh 校核（操作员密钥，或本区县的区县密钥）；--local 在本机运行同样的规则。
            退出码：0 没有错误；1 有错误，或服务拒绝了请求；2 用法错误或输入无效（原因会打印）；3 无法连接服务。
            --district/--department/--unit/--year 指定按哪个区县、部门、单位、预算年度校核（JSON 预算包也以此覆盖包头）。
            """) { file, local };
        identity.AddTo(command);
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var source = result.GetValue(file)!;
            if (!source.Exists)
            {
                throw new UsageException($"文件不存在：{source.FullName}");
            }

            var codes = identity.Read(result);
            var unplaced = new List<UnplacedLine>();
            var package = await PackageFiles.LoadAsync(source, imported => unplaced.AddRange(imported.Unplaced), cancellationToken, codes);
            Override(package, codes);
            foreach (var line in unplaced)
            {
                await console.Error.WriteLineAsync($"未能放置的行 {line.LineNumber}：{line.Text}");
            }

            if (package.Header.BudgetYear == 0)
            {
                throw new UsageException(IdentityOptions.MissingYear(source.Name));
            }

            var violations = CheckingPipeline.Validate(package);
            if (violations.Count > 0)
            {
                throw new UsageException($"{source.Name} 无法校核：" + string.Join("；", violations.Select(v => $"{v.Field} {v.Description}")));
            }

            using var session = connection.Open(result, console);
            var report = result.GetValue(local)
                ? await CheckLocallyAsync(package, cancellationToken)
                : (await session.ReconcilerAsync((client, options) => client.CheckPackageAsync(new CheckPackageRequest { Package = package }, options), cancellationToken)).Report;
            if (session.Json)
            {
                await Display.WriteJsonAsync(console.Output, new JsonObject
                {
                    ["file"] = source.Name,
                    ["local"] = result.GetValue(local),
                    ["unplacedLines"] = unplaced.Count,
                    ["report"] = Display.Node(report),
                });
            }
            else
            {
                var ansi = Display.Ansi(console.Output);
                ansi.WriteLine($"校核 {source.Name}（{(result.GetValue(local) ? "本机规则" : "BudgetMesh 服务")}，未报送、未保存）：规则目录 {report.RuleCatalogVersion}，分类目录 {report.ClassificationCatalogVersion}");
                ReportCommand.WriteFindings(ansi, report);
            }

            return report.Summary?.Errors > 0 ? ExitCodes.FindingsWithErrors : ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The whole pipeline in this process: the rule services reached in process instead of over gRPC.</summary>
    internal static async Task<Report> CheckLocallyAsync(BudgetPackage package, CancellationToken cancellationToken)
    {
        var pipeline = new CheckingPipeline(new LocalRuleServices(), new ReconciliationEngine(Reconciler.RuleCatalog.RuleCatalog.Embedded));
        try
        {
            return await pipeline.CheckAsync(package, ReportSubject.Unsubmitted(DateTimeOffset.UtcNow), cancellationToken);
        }
        catch (LocalCheckException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>Codes given on the command line are what the package is checked as, whatever the file says.</summary>
    private static void Override(BudgetPackage package, ImportOptions identity)
    {
        package.Header ??= new PackageHeader();
        if (identity.DistrictCode is { Length: > 0 } districtCode)
        {
            package.Header.DistrictCode = districtCode;
        }

        if (identity.DepartmentCode is { Length: > 0 } departmentCode)
        {
            package.Header.DepartmentCode = departmentCode;
        }

        if (identity.UnitCode is { Length: > 0 } unitCode)
        {
            package.Header.UnitCode = unitCode;
        }

        if (identity.BudgetYear is { } year)
        {
            package.Header.BudgetYear = year;
        }
    }
}
