using System.CommandLine;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using Spectre.Console;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// `budgetmesh report ID [--format table|json|sarif|csv]`: a revision's report. SARIF and CSV are the Reconciler's
/// own exports, passed through unchanged. Exit 1 when the report has error findings.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "报送编号" };
        var revision = new Option<int>("--revision") { Description = "版本号；默认最新已校核版本" };
        var format = new Option<string>("--format") { Description = "table（表格）、json、sarif（SARIF 2.1.0）或 csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "sarif", "csv");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "写入文件而不是标准输出（任何格式）" };
        var connection = new ConnectionOptions(Peer.Reconciler);
        var command = new Command("report", "查看校核报告") { id, revision, format, output };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var session = connection.Open(result, console);
            var submission = result.GetValue(id)!;
            var report = (await session.ReconcilerAsync((client, options) => client.GetReportAsync(new GetReportRequest { SubmissionId = submission, Revision = result.GetValue(revision) }, options), cancellationToken)).Report;
            var chosen = session.Json ? "json" : result.GetValue(format)!;
            var target = result.GetValue(output);
            switch (chosen)
            {
                case "sarif" or "csv":
                    var export = await session.ReconcilerAsync((client, options) => client.ExportReportAsync(new ExportReportRequest
                    {
                        SubmissionId = submission,
                        Revision = report.Revision,
                        Format = chosen == "sarif" ? ExportFormat.Sarif : ExportFormat.Csv,
                    }, options), cancellationToken);
                    if (target is not null)
                    {
                        await File.WriteAllBytesAsync(target.FullName, export.Content.ToByteArray(), cancellationToken);
                    }
                    else
                    {
                        await console.Output.WriteAsync(export.Content.ToStringUtf8().TrimStart('\uFEFF'));
                    }

                    break;
                case "json":
                    var json = Display.Json(Display.Node(report));
                    await (target is null ? console.Output.WriteLineAsync(json) : File.WriteAllTextAsync(target.FullName, json, cancellationToken));
                    break;
                default:
                    if (target is null)
                    {
                        Write(Display.Ansi(console.Output), report);
                    }
                    else
                    {
                        // -o is honoured for the table too: laid out for an 100-column terminal, as any file is.
                        await using var file = new StreamWriter(target.FullName, append: false, new System.Text.UTF8Encoding(false));
                        Write(Display.Ansi(file), report);
                    }

                    break;
            }

            return report.Summary?.Errors > 0 ? ExitCodes.FindingsWithErrors : ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The findings as people read them: severity first, then where and what.</summary>
    internal static void Write(IAnsiConsole ansi, Report report)
    {
        ansi.WriteLine($"报告 {report.ReportId}");
        ansi.WriteLine($"报送 {report.SubmissionId} 第{report.Revision}版，规则目录 {report.RuleCatalogVersion}，分类目录 {report.ClassificationCatalogVersion}");
        WriteFindings(ansi, report);
    }

    /// <summary>The counts, every finding and every rule left for review (a report's body, shared with `check`).</summary>
    internal static void WriteFindings(IAnsiConsole ansi, Report report)
    {
        ansi.WriteLine($"{Display.Counts(report.Summary)}，待人工复核规则 {report.Summary?.Reviews ?? 0}，共运行规则 {report.Summary?.Rules ?? 0}");
        var findings = report.Results.SelectMany(r => r.Findings).OrderBy(f => f.Severity == Severity.Unspecified ? 9 : (int)f.Severity).ToList();
        if (findings.Count > 0)
        {
            var table = Display.NewTable(("级别", true), ("规则", true), ("位置", false), ("说明", false));
            foreach (var f in findings)
            {
                table.AddRow(Display.Severity(f.Severity), Display.Safe(Display.RuleCode(f.RuleId)), Display.Safe(Display.Where(f)), Display.Safe(f.Message));
            }

            ansi.Write(table);
            // The rules by name, once each: the table keeps the short codes so the findings stay readable at 100 columns.
            foreach (var rule in findings.Select(f => f.RuleId).Distinct(StringComparer.Ordinal))
            {
                ansi.WriteLine($"规则 {Display.Safe(Display.Rule(rule))}");
            }
        }

        foreach (var review in report.Results.Where(r => r.Outcome == Outcome.Review && r.Note.Length > 0))
        {
            ansi.WriteLine($"待复核 {Display.Rule(review.RuleId)}：{review.Note}");
        }
    }
}
