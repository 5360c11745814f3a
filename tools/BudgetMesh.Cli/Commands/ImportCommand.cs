using System.CommandLine;
using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// `budgetmesh import FILE`: a published disclosure (text, or PDF through pdftotext) to package JSON on standard
/// output; every line the importer could not place goes to standard error, so nothing is dropped silently.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "公开的部门预算文本（.txt）或 PDF" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "写入文件而不是标准输出" };
        var district = new Option<string?>("--district") { Description = "6位区划代码（默认由区县名称推断）" };
        var department = new Option<string?>("--department") { Description = "部门编码（默认取表中印出的“编码-名称”）" };
        var unit = new Option<string?>("--unit") { Description = "预算单位编码" };
        var command = new Command("import", "把公开的部门预算（文本或 PDF）转换为预算包 JSON") { file, output, district, department, unit };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var source = result.GetValue(file)!;
            if (!source.Exists)
            {
                throw new UsageException($"文件不存在：{source.FullName}");
            }

            var text = source.Extension.Equals(".pdf", StringComparison.OrdinalIgnoreCase)
                ? await PdfText.ExtractAsync(source.FullName, cancellationToken)
                : await File.ReadAllTextAsync(source.FullName, cancellationToken);
            var imported = DisclosureImporter.Import(text, new ImportOptions
            {
                DistrictCode = result.GetValue(district),
                DepartmentCode = result.GetValue(department),
                UnitCode = result.GetValue(unit),
            });
            var json = Format(imported.Package);
            var target = result.GetValue(output);
            await (target is null ? console.Output.WriteLineAsync(json) : File.WriteAllTextAsync(target.FullName, json + "\n", cancellationToken));

            await console.Error.WriteLineAsync($"已识别 {imported.Tables.Count} 张表：{string.Join(' ', imported.Tables)}");
            foreach (var note in imported.Notes)
            {
                await console.Error.WriteLineAsync($"说明：{note}");
            }

            foreach (var line in imported.Unplaced)
            {
                await console.Error.WriteLineAsync($"未能放置的行 {line.LineNumber}：{line.Text}");
            }

            if (imported.Tables.Count == 0)
            {
                await console.Error.WriteLineAsync("没有识别出任何附表：这像不像部门预算公开文本？");
                return ExitCodes.InvalidInput;
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Canonical protobuf JSON, indented, Chinese unescaped: the same form as tests/fixtures/seeds.</summary>
    internal static string Format(BudgetPackage package) =>
        Display.Json(Display.Node(package));
}
