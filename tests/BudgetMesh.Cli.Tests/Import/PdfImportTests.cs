using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// `budgetmesh import` on a real PDF: seed 002's text printed as HTML tables by headless Chromium (no ruling lines,
/// headers left-aligned, amounts right-aligned), read back by the position of its words. Blank cells stay blank, so
/// every column table comes out equal to the fixture (GF/ZC up to the total row's code, as for the text import);
/// what does not fit (the key/value target forms, a glyph Chromium's font maps to another character) is reported.
/// </summary>
public sealed partial class PdfImportTests
{
    private const string Seed = "002_8eae806851c2420e";

    [ChromiumFact]
    public async Task A_printed_PDF_of_a_seed_imports_its_column_tables_exactly_by_position_and_reports_every_line_it_cannot_place()
    {
        var folder = Directory.CreateTempSubdirectory("budgetmesh-pdf-").FullName;
        try
        {
            var html = Path.Combine(folder, Seed + ".html");
            var pdf = Path.Combine(folder, Seed + ".pdf");
            var json = Path.Combine(folder, Seed + ".json");
            await File.WriteAllTextAsync(html, Html(await File.ReadAllTextAsync(SeedText())));
            await Run("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", $"--print-to-pdf={pdf}", new Uri(html).AbsoluteUri);
            Assert.True(File.Exists(pdf), "Chromium printed no PDF");

            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await BudgetMeshCli.RunAsync(["import", pdf, "--output", json], output, error, _ => null);

            // The target form's rows of this print do not fit its columns (listed as unplaced below), so ZT comes out with
            // no rows: import says now, in Intake's words, that Intake would refuse the package (exit 2), instead of the
            // submission finding out later.
            Assert.True(code == ExitCodes.InvalidInput, error.ToString());
            Assert.Contains("Intake 会拒收这个预算包：结构问题 1 处", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("  package.tables.zt.meta.state：表格声明有数据但没有数据行", error.ToString(), StringComparison.Ordinal);
            var imported = JsonParser.Default.Parse<BudgetPackage>(await File.ReadAllTextAsync(json));
            var expected = SeedFiles.Load(Seed[..4]);
            Assert.Contains("已识别 12 张表：CZ GF JB JBG SG JJ SZ ZC XMJ XMG ZT XJ", error.ToString(), StringComparison.Ordinal);
            Assert.Equal(expected.Tables.Cz, imported.Tables.Cz);
            Assert.Equal(expected.Tables.Jb, imported.Tables.Jb);
            Assert.Equal(expected.Tables.Jbg, imported.Tables.Jbg);
            Assert.Equal(expected.Tables.Sg, imported.Tables.Sg);
            Assert.Equal(expected.Tables.Xmj, imported.Tables.Xmj);
            Assert.Equal(expected.Tables.Xmg, imported.Tables.Xmg);
            Assert.Equal(expected.Tables.Jj, imported.Tables.Jj);
            Assert.Equal(expected.Tables.Gf.Rows, imported.Tables.Gf.Rows);
            Assert.Equal(expected.Tables.Zc.Rows, imported.Tables.Zc.Rows);
            Assert.Equal(expected.Header.DistrictCode, imported.Header.DistrictCode);
            Assert.Equal(expected.Header.DocumentTitle, imported.Header.DocumentTitle);
            // The target forms' rows that do not fit and the income line Chromium printed as 财政专戶 are reported with their text.
            Assert.Matches(UnplacedPattern(), error.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Tab rows become table rows (amounts right-aligned, wide padding so cells stay apart), other lines paragraphs.</summary>
    private static string Html(string text)
    {
        var html = new StringBuilder("""
            <!doctype html><html><head><meta charset="utf-8"><style>
            @page { size: A3 landscape; margin: 10mm }
            body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 9pt }
            table { border-collapse: collapse; margin: 4pt 0 }
            td { padding: 1pt 14pt; white-space: nowrap; vertical-align: top }
            td.amount { text-align: right }
            p { margin: 2pt 0 }
            </style></head><body>
            """);
        var inTable = false;
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Contains('\t', StringComparison.Ordinal))
            {
                html.Append(inTable ? string.Empty : "<table>").Append("<tr>");
                foreach (var cell in line.Split('\t'))
                {
                    html.Append(AmountPattern().IsMatch(cell) ? "<td class=\"amount\">" : "<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
                }

                html.Append("</tr>\n");
                inTable = true;
                continue;
            }

            html.Append(inTable ? "</table>\n" : string.Empty);
            inTable = false;
            if (line.Trim().Length > 0)
            {
                html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>\n");
            }
        }

        return html.Append(inTable ? "</table>" : string.Empty).Append("</body></html>\n").ToString();
    }

    private static async Task Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"{program} failed ({process.ExitCode}): {await stderr}");
    }

    private static string SeedText() => Path.Combine(AppContext.BaseDirectory, "seed-texts", "seed-" + Seed + ".txt");

    [GeneratedRegex(@"^-?[\d,]+(\.\d+)?$")]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"未能放置的行 \d+（[A-Z]+）：")]
    private static partial Regex UnplacedPattern();
}

/// <summary>Runs only where Debian's Chromium is installed to print the PDF; elsewhere it shows as skipped with the reason.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        if (!path.Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "chromium"))))
        {
            Skip = "needs Chromium to print the test PDF (apt-get install -y chromium fonts-noto-cjk); pdftotext alone cannot make one";
        }
    }
}
