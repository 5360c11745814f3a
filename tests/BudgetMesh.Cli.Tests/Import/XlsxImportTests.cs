using System.IO.Compression;
using System.Net;
using System.Text;
using BudgetMesh.Cli.Commands;
using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// Spreadsheet disclosures go through the same positional reader as PDFs: a sheet's rows are lines, a merged header cell
/// spans its columns. The corpus .xlsx of the 司法局 document is a review checklist, not its tables (it holds no table
/// cell), so the twin is written here from the hand-made fixture in the Shanghai layout and must import to the same
/// tables as the PDF; the real .xlsx must be reported, every line, as a table no profile knows.
/// </summary>
public sealed class XlsxImportTests
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    [Fact]
    public async Task A_spreadsheet_printing_the_PDFs_tables_imports_to_the_same_tables()
    {
        var fixture = Parser.Parse<BudgetPackage>(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "corpus", "putuo-justice-2026.json")));
        var pdf = await PackageFiles.ImportAsync(new FileInfo(Path.Combine(AppContext.BaseDirectory, "corpus", "documents", "putuo-justice-2026.pdf")), new ImportOptions(), CancellationToken.None);
        var path = Path.Combine(Directory.CreateTempSubdirectory("budgetmesh-xlsx-").FullName, "justice-tables.xlsx");
        try
        {
            var rows = new List<(string[] Cells, (int From, int To)[] Merges)>
            {
                ([fixture.Header.DocumentTitle], []),
                ([fixture.Tables.Gf.Meta.PrintedTitle], []),
                (["编制部门：" + fixture.Header.DepartmentName, "", "", "", "", "", "单位：元"], []),
                (["项目", "", "", "", "一般公共预算支出"], [(0, 3), (4, 6)]),
                (["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"], [(0, 2)]),
                (["类", "款", "项"], []),
            };
            foreach (var row in fixture.Tables.Gf.Rows)
            {
                string[] code = [row.Code[..3], row.Code.Length > 3 ? row.Code[3..5] : "", row.Code.Length > 5 ? row.Code[5..] : ""];
                rows.Add(([.. code, row.Name, row.HasTotal ? row.Total : "", row.HasBasic ? row.Basic : "", row.HasProject ? row.Project : ""], []));
            }

            var total = fixture.Tables.Gf.TotalRow;
            rows.Add((["", "", "", "合计", total.Total, total.HasBasic ? total.Basic : "", total.HasProject ? total.Project : ""], []));
            await File.WriteAllBytesAsync(path, Workbook(rows));

            var xlsx = await PackageFiles.ImportAsync(new FileInfo(path), new ImportOptions(), CancellationToken.None);

            Assert.Equal(["GF"], xlsx.Tables);
            Assert.Equal(pdf.Package.Tables.Gf, xlsx.Package.Tables.Gf);
            Assert.Equal(fixture.Tables.Gf, xlsx.Package.Tables.Gf);
            Assert.Empty(xlsx.Unplaced);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task The_corpus_spreadsheet_a_review_checklist_is_reported_line_by_line_as_a_table_no_profile_knows()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await BudgetMeshCli.RunAsync(["import", Path.Combine(AppContext.BaseDirectory, "corpus", "documents", "putuo-justice-2026.xlsx")], output, error, _ => null);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("2026年度普陀区部门预算公开情况检查表：版式配置中没有这张表", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("未能放置的行 12（未知）：《部门财务收支预算总表》 是——未知的表", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A minimal .xlsx: one sheet of inline strings (numbers as numbers), with the given merged ranges per row.</summary>
    private static byte[] Workbook(List<(string[] Cells, (int From, int To)[] Merges)> rows)
    {
        static string Column(int i) => ((char)('A' + i)).ToString();
        var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        var merges = new List<string>();
        for (var r = 0; r < rows.Count; r++)
        {
            sheet.Append($"<row r=\"{r + 1}\">");
            for (var c = 0; c < rows[r].Cells.Length; c++)
            {
                var value = rows[r].Cells[c];
                if (value.Length == 0)
                {
                    continue;
                }

                var reference = $"{Column(c)}{r + 1}";
                sheet.Append(decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _) && !value.Contains('.', StringComparison.Ordinal) && value.Length > 3
                    ? $"<c r=\"{reference}\"><v>{value}</v></c>"
                    : $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{WebUtility.HtmlEncode(value)}</t></is></c>");
            }

            sheet.Append("</row>");
            merges.AddRange(rows[r].Merges.Select(m => $"<mergeCell ref=\"{Column(m.From)}{r + 1}:{Column(m.To)}{r + 1}\"/>"));
        }

        sheet.Append("</sheetData>");
        if (merges.Count > 0)
        {
            sheet.Append($"<mergeCells count=\"{merges.Count}\">").Append(string.Concat(merges)).Append("</mergeCells>");
        }

        sheet.Append("</worksheet>");
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            void Add(string name, string content)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }

            Add("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Add("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Add("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="预算表" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            Add("xl/worksheets/sheet1.xml", sheet.ToString());
        }

        return stream.ToArray();
    }
}
