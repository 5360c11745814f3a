using BudgetMesh.Cli.Commands;
using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// A Chongqing-layout workbook: seed 000's 附件1–9 written as a district publishes them in Excel (<see cref="ChongqingWorkbook"/>,
/// from the seed's hand-made fixture) go through the positional reader with the Chongqing profile and import to the same
/// tables as the seed's text, cell for cell, with nothing left unplaced.
/// </summary>
public sealed class ChongqingXlsxTests
{
    private const string Seed = "000_ac0739ecedc6f3da";

    /// <summary>The constructed twin (tests/fixtures/constructed): set BUDGETMESH_WRITE_TWIN=1 to write it again from the fixture.</summary>
    private static readonly string Twin = Path.Combine(AppContext.BaseDirectory, "constructed", "seed-000-annexes.xlsx");

    private static readonly string[] Annexes = ["cz", "gf", "jb", "jbg", "sg", "jj", "sz", "sr", "zc"];

    [Fact]
    public async Task Seed_000s_annexes_written_as_a_districts_workbook_import_to_the_same_tables_as_its_text_cell_for_cell()
    {
        var fixture = SeedFiles.Load(Seed[..4]);
        var text = DisclosureImporter.Import(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "seed-texts", $"seed-{Seed}.txt")), new ImportOptions());
        var directory = Directory.CreateTempSubdirectory("budgetmesh-xlsx-");
        try
        {
            var path = Path.Combine(directory.FullName, "seed-000-annexes.xlsx");
            var workbook = WorkbookWriter.Write(ChongqingWorkbook.Sheets(fixture));
            await File.WriteAllBytesAsync(path, workbook);
            if (Environment.GetEnvironmentVariable("BUDGETMESH_WRITE_TWIN") == "1")
            {
                await File.WriteAllBytesAsync(Path.Combine(Repository(), "tests", "fixtures", "constructed", "seed-000-annexes.xlsx"), workbook);
            }

            var xlsx = await PackageFiles.ImportAsync(new FileInfo(path), new ImportOptions(), CancellationToken.None);

            Assert.Equal(["CZ", "GF", "JB", "JBG", "SG", "JJ", "SZ", "SR", "ZC"], xlsx.Tables);
            Assert.Empty(PackageCells.Differences(Annexed(text.Package.Tables), Annexed(xlsx.Package.Tables)));
            Assert.Empty(PackageCells.Differences(Annexed(fixture.Tables), Annexed(xlsx.Package.Tables)));
            Assert.Empty(xlsx.Unplaced);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_committed_workbook_twin_imports_to_the_seed_texts_tables()
    {
        var text = DisclosureImporter.Import(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "seed-texts", $"seed-{Seed}.txt")), new ImportOptions());

        var xlsx = await PackageFiles.ImportAsync(new FileInfo(Twin), new ImportOptions(), CancellationToken.None);

        Assert.Empty(PackageCells.Differences(Annexed(text.Package.Tables), Annexed(xlsx.Package.Tables)));
        Assert.Equal(AmountUnit.TenThousandYuan, xlsx.Package.Header.AmountUnit);
        Assert.Empty(xlsx.Unplaced);
    }

    /// <summary>The cells of the nine annex tables only (the text also holds 项目支出, 政府采购 and the target tables).</summary>
    private static Dictionary<string, string> Annexed(AnnexTables tables) =>
        Annexes.SelectMany(key => AnnexTables.Descriptor.Fields.InDeclarationOrder().Single(f => f.JsonName == key).Accessor.GetValue(tables) is IMessage table
            ? PackageCells.Of(table, "tables." + key)
            : []).ToDictionary();

    private static string Repository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BudgetMesh.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("BudgetMesh.sln not found above the test output");
    }
}
