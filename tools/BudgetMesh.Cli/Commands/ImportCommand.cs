using System.CommandLine;
using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// `budgetmesh import FILE`: a published disclosure (text, or PDF read by the position of its words) to package JSON on
/// standard output; the summary per table and every line the importer could not place go to standard error, so nothing
/// is dropped silently. A package Intake would refuse is reported with Intake's own reasons (exit code 2).
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "公开的部门预算文本（.txt）、PDF 或电子表格（.xlsx）" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "写入文件而不是标准输出" };
        var identity = new IdentityOptions();
        var command = new Command("import", "把公开的部门预算（文本、PDF 或电子表格）转换为预算包 JSON") { file, output };
        identity.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var source = result.GetValue(file)!;
            if (!source.Exists)
            {
                throw new UsageException($"文件不存在：{source.FullName}");
            }

            var imported = await PackageFiles.ImportAsync(source, identity.Read(result), cancellationToken);
            var json = Format(imported.Package);
            var target = result.GetValue(output);
            await (target is null ? console.Output.WriteLineAsync(json) : File.WriteAllTextAsync(target.FullName, json + "\n", cancellationToken));

            await console.Error.WriteLineAsync($"已识别 {imported.Tables.Count} 张表：{string.Join(' ', imported.Tables)}");
            foreach (var line in ImportSummary.PerTable(imported))
            {
                await console.Error.WriteLineAsync(line);
            }

            foreach (var note in imported.Notes)
            {
                await console.Error.WriteLineAsync($"说明：{note}");
            }

            foreach (var line in imported.Unplaced)
            {
                var where = line.Table.Length > 0 ? $"（{line.Table}）" : string.Empty;
                await console.Error.WriteLineAsync($"未能放置的行 {line.LineNumber}{where}：{line.Text}" + (line.Reason.Length > 0 ? $"——{line.Reason}" : string.Empty));
            }

            if (imported.Tables.Count == 0)
            {
                await console.Error.WriteLineAsync("没有识别出任何附表：这像不像部门预算公开文本？");
                return ExitCodes.InvalidInput;
            }

            // Found out now, not at submission: the package is still written, for the reader to complete.
            var refusals = ImportSummary.IntakeRefusals(imported.Package);
            foreach (var line in refusals)
            {
                await console.Error.WriteLineAsync(line);
            }

            if (imported.Package.Header.BudgetYear == 0)
            {
                await console.Error.WriteLineAsync(IdentityOptions.MissingYear(source.Name));
            }

            return refusals.Count == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput;
        }));
        return command;
    }

    /// <summary>Canonical protobuf JSON, indented, Chinese unescaped: the same form as tests/fixtures/seeds.</summary>
    internal static string Format(BudgetPackage package) =>
        Display.Json(Display.Node(package));
}

/// <summary>`--district/--department/--unit/--year`: what a document does not print (or prints otherwise), on import and check.</summary>
internal sealed class IdentityOptions
{
    private readonly Option<string?> district = new("--district") { Description = "6位区划代码（默认由区县名称推断）" };
    private readonly Option<string?> department = new("--department") { Description = "部门编码（默认取文中印出的“编码-名称”）" };
    private readonly Option<string?> unit = new("--unit") { Description = "预算单位编码" };
    private readonly Option<int?> year = new("--year") { Description = "预算年度，如 2026（文件未印出预算年度时须给出）" };
    private readonly Option<FileInfo[]> profiles = new("--profile") { Description = "另加的版式配置 JSON（格式同内置的 Import/Profiles/*.json），先于内置配置使用；可多次给出" };

    public void AddTo(Command command)
    {
        command.Options.Add(district);
        command.Options.Add(department);
        command.Options.Add(unit);
        command.Options.Add(year);
        command.Options.Add(profiles);
    }

    public ImportOptions Read(ParseResult result) => new()
    {
        DistrictCode = result.GetValue(district),
        DepartmentCode = result.GetValue(department),
        UnitCode = result.GetValue(unit),
        BudgetYear = result.GetValue(year) is { } y ? Year(y) : null,
        Layouts = result.GetValue(profiles) is { Length: > 0 } files ? LayoutProfiles.Builtin.With(files.Select(Profile)) : LayoutProfiles.Builtin,
    };

    /// <summary>The message a missing year gets: the field, why, and how to give it.</summary>
    public static string MissingYear(string file) =>
        $"{file}：预算年度（package.header.budget_year）未能从文件中读出（文件未印出预算年度），请用 --year 给出，如 --year 2026";

    private static int Year(int value) => value is >= 2000 and <= 2100
        ? value
        : throw new UsageException($"--year：预算年度须在 2000–2100 之间，收到 {value}");

    private static LayoutProfiles.Profile Profile(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new UsageException($"--profile：文件不存在：{file.FullName}");
        }

        try
        {
            return LayoutProfiles.Parse(File.ReadAllText(file.FullName), file.Name);
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException($"--profile：{ex.Message}");
        }
    }
}
