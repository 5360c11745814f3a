using System.Text.Json;
using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>The importer on the three published seed texts against the hand-made fixtures, and on small inputs.</summary>
public sealed class ImportTests
{
    public static TheoryData<string> Seeds() => new() { "000_ac0739ecedc6f3da", "001_a76c5e7673ca46c8", "002_8eae806851c2420e" };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Importing_a_seed_text_reproduces_its_fixture_except_for_the_listed_differences(string seed)
    {
        var text = File.ReadAllText(SeedText(seed));
        var expected = SeedFiles.Load(seed[..4]);

        var imported = DisclosureImporter.Import(text, new ImportOptions()).Package;

        var differences = Differences(expected, imported).ToList();
        var listed = ExpectedDifferences(seed);
        Assert.Equal(listed.Order(StringComparer.Ordinal), differences.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_line_of_a_table_the_importer_cannot_read_is_reported_with_its_line_number(string seed)
    {
        var lines = File.ReadAllLines(SeedText(seed));

        var result = DisclosureImporter.Import(string.Join('\n', lines), new ImportOptions());

        Assert.NotEmpty(result.Unplaced);
        Assert.All(result.Unplaced, u => Assert.Equal(lines[u.LineNumber - 1], u.Text));
        // The 合计 of the unread CZ table (present in every seed) is among them.
        Assert.Contains(result.Unplaced, u => u.Text.Contains("收入合计", StringComparison.Ordinal) || u.Text.Contains("支出合计", StringComparison.Ordinal));
    }

    [Fact]
    public void Amounts_lose_their_thousands_separators_blanks_stay_unset_and_stray_punctuation_is_kept_verbatim()
    {
        const string text = "某区某局\n2025年部门预算情况说明\n正文。\n附件2\n2025年一般公共预算财政拨款支出预算表\n单位：元\n科目编码\t科目名称\t总计\t基本支出\t项目支出\n合计\t\t1,234,567.80\t1,234,567.80\t\n201\t一般公共服务支出\t1,234,567.80\t.\tXX\n";

        var result = DisclosureImporter.Import(text, new ImportOptions { DistrictCode = "500107" });

        var gf = result.Package.Tables.Gf;
        Assert.Equal(AmountUnit.Yuan, gf.Meta.Unit);
        Assert.Equal("附件2", gf.Meta.AnnexLabel);
        Assert.Equal("1234567.80", gf.TotalRow.Total);
        Assert.False(gf.TotalRow.HasProject);
        Assert.Equal(".", gf.Rows[0].Basic);
        Assert.Equal("XX", gf.Rows[0].Project);
        Assert.Equal("某区某局\n2025年部门预算情况说明\n正文。", result.Package.Narrative.Text);
        Assert.Empty(result.Unplaced);
    }

    [Fact]
    public void A_title_variant_with_a_subtitle_line_decides_between_the_two_economic_classifications()
    {
        const string text = "单位\n2025年预算公开情况说明\n附件4\n2025年某单位一般公共预算财政拨款基本支出预算表\n（政府预算支出经济分类科目）\n单位：万元\n合计\t\t5.00\n50101\t工资奖金津补贴\t5.00\n";

        var result = DisclosureImporter.Import(text, new ImportOptions());

        Assert.Equal(["JBG"], result.Tables);
        Assert.Equal("2025年某单位一般公共预算财政拨款基本支出预算表（政府预算支出经济分类科目）", result.Package.Tables.Jbg.Meta.PrintedTitle);
        Assert.Equal("5.00", result.Package.Tables.Jbg.Rows[0].Amount);
    }

    [Fact]
    public async Task The_import_command_prints_package_JSON_and_every_unplaced_line_on_standard_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await BudgetMeshCli.RunAsync(["import", SeedText("002_8eae806851c2420e")], output, error, _ => null);

        Assert.Equal(ExitCodes.Ok, code);
        var package = JsonParser.Default.Parse<BudgetPackage>(output.ToString());
        Assert.Equal("500107", package.Header.DistrictCode);
        Assert.Contains("未能放置的行", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("已识别 8 张表", error.ToString(), StringComparison.Ordinal);
    }

    private static string SeedText(string seed)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "seed-texts", seed + ".txt");
        Assert.True(File.Exists(path), $"The seed text {seed}.txt is missing: the repository expects ../shared/seeds beside it.");
        return path;
    }

    private static IReadOnlyList<string> ExpectedDifferences(string seed)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Import", "import-expected-differences.json")));
        return document.RootElement.TryGetProperty(seed, out var listed) ? listed.EnumerateObject().Select(p => p.Name).ToList() : [];
    }

    /// <summary>header.&lt;field&gt;, narrative, tables.&lt;key&gt;: the places where the two packages differ.</summary>
    private static IEnumerable<string> Differences(BudgetPackage expected, BudgetPackage actual)
    {
        foreach (var field in PackageHeader.Descriptor.Fields.InFieldNumberOrder())
        {
            if (!Equals(field.Accessor.GetValue(expected.Header), field.Accessor.GetValue(actual.Header)))
            {
                yield return $"header.{field.JsonName}";
            }
        }

        if (!Equals(expected.Narrative, actual.Narrative))
        {
            yield return "narrative";
        }

        foreach (var field in AnnexTables.Descriptor.Fields.InFieldNumberOrder())
        {
            if (!Same(field, expected.Tables, actual.Tables))
            {
                yield return $"tables.{field.JsonName}";
            }
        }
    }

    private static bool Same(FieldDescriptor field, IMessage expected, IMessage actual) =>
        field.IsRepeated
            ? ((System.Collections.IList)field.Accessor.GetValue(expected)).Cast<object>().SequenceEqual(((System.Collections.IList)field.Accessor.GetValue(actual)).Cast<object>())
            : Equals(field.Accessor.GetValue(expected), field.Accessor.GetValue(actual));
}
