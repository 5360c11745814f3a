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
    [InlineData("000_ac0739ecedc6f3da")]
    [InlineData("002_8eae806851c2420e")]
    public void Every_printed_line_of_a_seed_whose_tables_are_all_labelled_is_placed(string seed)
    {
        var result = DisclosureImporter.Import(File.ReadAllText(SeedText(seed)), new ImportOptions());

        Assert.Empty(result.Unplaced);
    }

    [Fact]
    public void The_unlabelled_income_fragment_of_seed_001_is_reported_line_by_line_with_its_line_numbers()
    {
        var lines = File.ReadAllLines(SeedText("001_a76c5e7673ca46c8"));

        var result = DisclosureImporter.Import(string.Join('\n', lines), new ImportOptions());

        Assert.All(result.Unplaced, u => Assert.Equal(lines[u.LineNumber - 1], u.Text));
        Assert.Equal(18, result.Unplaced.Count);
        Assert.StartsWith("2010306\t政务公开审批", result.Unplaced[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("2210201\t住房公积金", result.Unplaced[^1].Text, StringComparison.Ordinal);
        Assert.Null(result.Package.Tables.Sr);
        Assert.Equal(4, result.Package.Tables.Sz.Expenditure.Count);
    }

    [Fact]
    public void A_table_without_a_reader_is_named_in_the_notes_and_every_line_of_it_is_reported()
    {
        const string text = "某区某局\n2025年部门预算情况说明\n附件12\n2025年某局项目支出明细表\n单位：万元\n单位名称\t项目名称\t金额\n某局\t某项目\t5.00\n";

        var result = DisclosureImporter.Import(text, new ImportOptions());

        Assert.Empty(result.Tables);
        Assert.Contains(result.Notes, n => n.Contains("（XM）", StringComparison.Ordinal));
        Assert.Equal([6, 7], result.Unplaced.Select(u => u.LineNumber));
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

        var code = await BudgetMeshCli.RunAsync(["import", SeedText("001_a76c5e7673ca46c8")], output, error, _ => null);

        Assert.Equal(ExitCodes.Ok, code);
        var package = JsonParser.Default.Parse<BudgetPackage>(output.ToString());
        Assert.Equal("500104", package.Header.DistrictCode);
        // Each unplaced line names the table it was printed in and why it was left.
        Assert.Contains("未能放置的行 236（SZ）：2010306\t政务公开审批", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("——该行不符合此表的版式", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("表一2025 年财政拨款收支总表（CZ）：读入", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("已识别 11 张表：CZ GF JB SG JJ SZ ZC ZT XJ XJ XJ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("说明：表一2025 年财政拨款收支总表：“一般公共预算支出”", error.ToString(), StringComparison.Ordinal);
    }

    private static string SeedText(string seed)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "seed-texts", "seed-" + seed + ".txt");
        Assert.True(File.Exists(path), $"The seed text {seed}.txt is missing: the repository keeps it under tests/fixtures/corpus/documents.");
        return path;
    }

    private static IReadOnlyList<string> ExpectedDifferences(string seed)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Import", "import-expected-differences.json")));
        return document.RootElement.TryGetProperty(seed, out var listed) ? listed.EnumerateObject().Select(p => p.Name).ToList() : [];
    }

    /// <summary>
    /// The paths where the two packages differ, down to the field: header.&lt;field&gt;, narrative,
    /// tables.&lt;key&gt;[.&lt;field&gt;…] (a repeated field of equal length is compared item by item, tables.xj[1].meta.notes).
    /// </summary>
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

        foreach (var difference in Differences(expected.Tables, actual.Tables, "tables"))
        {
            yield return difference;
        }
    }

    private static IEnumerable<string> Differences(IMessage expected, IMessage actual, string path)
    {
        var found = false;
        foreach (var field in expected.Descriptor.Fields.InFieldNumberOrder())
        {
            var name = $"{path}.{field.JsonName}";
            var left = field.Accessor.GetValue(expected);
            var right = field.Accessor.GetValue(actual);
            if (field.IsRepeated)
            {
                var a = ((System.Collections.IList)left).Cast<object>().ToList();
                var b = ((System.Collections.IList)right).Cast<object>().ToList();
                if (a.Count != b.Count || field.FieldType != FieldType.Message)
                {
                    if (!a.SequenceEqual(b))
                    {
                        found = true;
                        yield return name;
                    }

                    continue;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var difference in Differences((IMessage)a[i], (IMessage)b[i], $"{name}[{i}]"))
                    {
                        found = true;
                        yield return difference;
                    }
                }
            }
            else if (field.FieldType == FieldType.Message && left is IMessage l && right is IMessage r)
            {
                foreach (var difference in Differences(l, r, name))
                {
                    found = true;
                    yield return difference;
                }
            }
            else if (!Equals(left, right) || (field.HasPresence && field.Accessor.HasValue(expected) != field.Accessor.HasValue(actual)))
            {
                found = true;
                yield return name;
            }
        }

        // Presence and unknown fields included: never report equal what the messages themselves call different.
        if (!found && !Equals(expected, actual))
        {
            yield return path;
        }
    }
}
