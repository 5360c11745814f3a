using BudgetMesh.Cli.Commands;
using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// Acceptance 2. Spreadsheet disclosures go through the same positional reader as PDFs: a sheet's rows are lines, a
/// merged header cell spans its columns. The corpus .xlsx of the 司法局 document is a review checklist, not its tables
/// (it holds no table cell), so its twin is constructed (<see cref="ShanghaiWorkbook"/>) from the hand-made fixture the
/// way districts publish annex tables in Excel and must import to the same tables as the PDF, cell for cell; the real
/// .xlsx must be reported, every line, as a table no profile knows.
/// </summary>
public sealed class XlsxImportTests
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    /// <summary>The constructed twin (tests/fixtures/constructed): set BUDGETMESH_WRITE_TWIN=1 to write it again from the fixture.</summary>
    private static readonly string Twin = Path.Combine(AppContext.BaseDirectory, "constructed", "putuo-justice-2026-tables.xlsx");

    [Fact]
    public async Task The_nine_tables_written_as_a_districts_workbook_import_to_the_same_tables_as_the_PDF_cell_for_cell()
    {
        var fixture = Parser.Parse<BudgetPackage>(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "corpus", "putuo-justice-2026.json")));
        var pdf = await PackageFiles.ImportAsync(new FileInfo(Path.Combine(AppContext.BaseDirectory, "corpus", "documents", "putuo-justice-2026.pdf")), new ImportOptions(), CancellationToken.None);
        var directory = Directory.CreateTempSubdirectory("budgetmesh-xlsx-");
        try
        {
            var path = Path.Combine(directory.FullName, "justice-tables.xlsx");
            var workbook = WorkbookWriter.Write(ShanghaiWorkbook.Sheets(fixture));
            await File.WriteAllBytesAsync(path, workbook);
            if (Environment.GetEnvironmentVariable("BUDGETMESH_WRITE_TWIN") == "1")
            {
                await File.WriteAllBytesAsync(Path.Combine(Repository(), "tests", "fixtures", "constructed", "putuo-justice-2026-tables.xlsx"), workbook);
            }

            var xlsx = await PackageFiles.ImportAsync(new FileInfo(path), new ImportOptions(), CancellationToken.None);

            Assert.Equal(["SZ", "SR", "ZC", "CZ", "GF", "JJ", "GZ", "JB", "SG"], xlsx.Tables);
            Assert.Empty(PackageCells.Differences(PackageCells.Of(pdf.Package.Tables, "tables"), PackageCells.Of(xlsx.Package.Tables, "tables")));
            Assert.Empty(PackageCells.Differences(PackageCells.Of(fixture.Tables, "tables"), PackageCells.Of(xlsx.Package.Tables, "tables")));
            Assert.Empty(xlsx.Unplaced);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_committed_workbook_twin_imports_to_the_PDFs_tables()
    {
        var pdf = await PackageFiles.ImportAsync(new FileInfo(Path.Combine(AppContext.BaseDirectory, "corpus", "documents", "putuo-justice-2026.pdf")), new ImportOptions(), CancellationToken.None);

        var xlsx = await PackageFiles.ImportAsync(new FileInfo(Twin), new ImportOptions(), CancellationToken.None);

        Assert.Equal(pdf.Package.Tables, xlsx.Package.Tables);
        Assert.Equal("上海市普陀区司法局", xlsx.Package.Header.DepartmentName);
        Assert.Empty(xlsx.Unplaced);
    }

    private static string Repository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BudgetMesh.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("BudgetMesh.sln not found above the test output");
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
}
