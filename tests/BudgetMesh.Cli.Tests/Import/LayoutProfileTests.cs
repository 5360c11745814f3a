using BudgetMesh.Cli.Commands;
using BudgetMesh.Cli.Import;
using BudgetMesh.Cli.Import.Layout;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// Acceptance 4: a layout is data. A profile file naming a table's title and which printed column header means which
/// contract field is all it takes to read a layout the built-in profiles do not know; columns are read by what their
/// header says, not by where they stand.
/// </summary>
public sealed class LayoutProfileTests
{
    // A province whose function table has a title and column wording no built-in profile knows.
    private const string Document =
        "某省某厅\n2025年部门预算公开\n正文。\n" +
        "附件2\n2025年公共财政拨款支出明细表\n单位：元\n" +
        "科目编码\t科目名称\t年度总额\t专项业务\t日常运转\n" +
        "合计\t\t1,500.00\t500.00\t1,000.00\n" +
        "201\t一般公共服务支出\t1,500.00\t500.00\t1,000.00\n" +
        "2010301\t行政运行\t1,000.00\t\t1,000.00\n" +
        "2010302\t一般行政管理事务\t500.00\t500.00\t\n";

    private const string Profile = """
        {
          "family": "某省（示例）",
          "source": "constructed for this test",
          "tables": [
            { "key": "GF", "titles": [["公共财政拨款支出明细表"]],
              "columns": [
                { "field": "total", "names": [["年度总额"]] },
                { "field": "basic", "names": [["日常运转"]] },
                { "field": "project", "names": [["专项业务"]] }
              ] }
          ]
        }
        """;

    [Fact]
    public void Without_a_profile_for_it_the_table_is_not_read_and_every_line_of_it_is_reported()
    {
        var result = DisclosureImporter.Import(Document, new ImportOptions());

        Assert.Null(result.Package.Tables.Gf);
        Assert.Contains(result.Unplaced, u => u.Text.StartsWith("2010301\t行政运行", StringComparison.Ordinal));
    }

    [Fact]
    public void A_profile_file_with_a_new_title_and_new_column_wording_reads_the_table_without_code()
    {
        var layouts = LayoutProfiles.Builtin.With([LayoutProfiles.Parse(Profile, "province.json")]);

        var result = DisclosureImporter.Import(Document, new ImportOptions { Layouts = layouts });

        var gf = result.Package.Tables.Gf;
        Assert.Equal(["GF"], result.Tables);
        Assert.Equal(["201", "2010301", "2010302"], gf.Rows.Select(r => r.Code));
        // 专项业务 is printed before 日常运转: each amount goes where its header says.
        Assert.Equal(("1500.00", "1000.00", "500.00"), (gf.Rows[0].Total, gf.Rows[0].Basic, gf.Rows[0].Project));
        Assert.Equal("1000.00", gf.Rows[1].Basic);
        Assert.False(gf.Rows[1].HasProject);
        Assert.Equal("500.00", gf.Rows[2].Project);
        Assert.False(gf.Rows[2].HasBasic);
        Assert.Equal("1500.00", gf.TotalRow.Total);
        Assert.Empty(result.Unplaced);
    }

    [Fact]
    public async Task The_import_command_takes_a_profile_file_with_profile()
    {
        var directory = Directory.CreateTempSubdirectory("budgetmesh-profile-");
        try
        {
            var document = Path.Combine(directory.FullName, "doc.txt");
            var profile = Path.Combine(directory.FullName, "province.json");
            await File.WriteAllTextAsync(document, Document);
            await File.WriteAllTextAsync(profile, Profile);
            using var output = new StringWriter();
            using var error = new StringWriter();

            await BudgetMeshCli.RunAsync(["import", document, "--profile", profile, "--district", "110101"], output, error, _ => null);

            Assert.Contains("已识别 1 张表：GF", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("\"project\": \"500.00\"", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("""{ "family": "x", "tables": [ { "key": "GF", "titles": [["表"]], "columns": [ { "field": "basicc", "names": [["基本"]] } ] } ] }""", "列字段 “basicc” 不是该表行的字段")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "QQ", "titles": [["表"]] } ] }""", "表 key “QQ” 不是预算包中的表")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "GF", "titles": [] } ] }""", "表 GF 没有表名写法")]
    [InlineData("""{ "family": "x", "tables": [ """, "不是有效的 JSON")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "CG", "titles": [["表"]], "columns": [ { "field": "kind", "names": [["类别"]], "values": { "货物": "GOODZ" } } ] } ] }""", "“GOODZ” 不是 ProcurementKind 的取值")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "CG", "titles": [["表"]], "columns": [ { "field": "unit", "names": [["单位"]], "values": { "是": "X" } } ] } ] }""", "“unit” 不是枚举字段，不能有 values")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "CG", "titles": [["表"]], "columns": [ { "field": "functionName+functionCod", "names": [["科目"]] } ] } ] }""", "列字段 “functionName+functionCod” 不是该表行的字段")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "GF", "titles": [["表"]], "income": [ { "field": "incomeTotal", "names": [["合计"]] } ] } ] }""", "表 GF 不是左右两栏的收支表，不能有 income")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "CZ", "titles": [["表"]], "income": [ { "field": "incomeTotl", "names": [["合计"]] } ] } ] }""", "income 字段 “incomeTotl” 不是该表的收支行字段")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "CZ", "titles": [["表"]], "income": [ { "field": "carryoverGeneralBudget", "names": [["一般"]], "after": "carryover" } ] } ] }""", "after “carryover” 不是同一栏中其他规则的字段")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "SZ", "titles": [["表"]], "income": [ { "field": "income", "names": [["补助"]], "set": { "source": "SUBSIDY" } } ] } ] }""", "set 值 “SUBSIDY” 不是 IncomeSource 的取值")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "SG", "titles": [["表"]], "keys": [ { "field": "total", "names": [["合计"]] } ] } ] }""", "表 SG 不是键值形式的表，不能有 keys")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "XJ", "titles": [["表"]], "keys": [ { "field": "projectNam", "names": [["项目"]] } ] } ] }""", "键字段 “projectNam” 不是该表的字段")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "XJ", "titles": [["表"]], "keys": [ { "field": "unit" } ] } ] }""", "字段 “unit” 没有写法（names）")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "XJ", "titles": [["表"]], "captions": [[]] } ] }""", "表 XJ 有空的写法")]
    [InlineData("""{ "family": "x", "tables": [ { "key": "CZ", "titles": [["表"]], "income": [ { "field": "incomeTotal", "names": [["^$"]] } ] } ] }""", "表 CZ 有空的写法")]
    public void A_profile_that_names_what_the_contract_does_not_have_is_refused_naming_the_file_and_the_reason(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => LayoutProfiles.Parse(json, "bad.json"));

        Assert.Contains("bad.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_positional_header_is_mapped_by_name_so_a_column_order_of_its_own_changes_nothing()
    {
        var lines = new[]
        {
            Line(1, 30, ("某区某局", 200)),
            Line(2, 45, ("2025年部门预算情况说明", 220)),
            Line(3, 60, ("2025年部门支出总表", 300)),
            Line(4, 90, ("单位：元", 700)),
            Line(5, 120, ("科目编码", 60), ("科目名称", 200), ("项目支出", 450), ("基本支出", 560), ("合计", 680)),
            Line(6, 150, ("201", 62), ("一般公共服务支出", 200), ("5.00", 452), ("10.00", 572), ("15.00", 682)),
            Line(7, 165, ("2010301", 62), ("行政运行", 200), ("10.00", 572), ("10.00", 682)),
        };

        var zc = LayoutImporter.Import([new PrintedPage(1, 842, lines)], new ImportOptions()).Package.Tables.Zc;

        Assert.Equal(("15.00", "10.00", "5.00"), (zc.Rows[0].Total, zc.Rows[0].Basic, zc.Rows[0].Project));
        Assert.Equal(("10.00", "10.00", false), (zc.Rows[1].Total, zc.Rows[1].Basic, zc.Rows[1].HasProject));
    }

    [Fact]
    public void Every_builtin_profile_is_valid_and_names_its_tables_columns()
    {
        var profiles = LayoutProfiles.Builtin.Profiles;

        Assert.Equal(2, profiles.Count);
        Assert.All(profiles, p => Assert.Contains(p.Tables, t => t.Key == "GF" && t.Columns is { Count: > 0 }));
        Assert.Contains(profiles, p => p.Family.StartsWith("上海", StringComparison.Ordinal) && p.Tables.Single(t => t.Key == "SG").Columns!.Any(c => c.Field == "agencyOperating"));
        // Row labels, procurement columns and target keys are data too: no reader holds a word list of its own.
        Assert.All(profiles, p => Assert.All(p.Tables.Where(t => t.Key is "CZ" or "SZ"), t => Assert.True(t.Income is { Count: > 0 } && t.Expenditure is { Count: > 0 } && t.Headings is { Count: > 0 })));
        var chongqing = profiles.Single(p => p.Family.StartsWith("重庆", StringComparison.Ordinal));
        Assert.Contains(chongqing.Tables.Single(t => t.Key == "CG").Columns!, c => c.Field == "kind" && c.Values is { Count: > 0 });
        Assert.All(chongqing.Tables.Where(t => t.Key is "ZT" or "XJ"), t => Assert.Contains(t.Keys!, k => k.Field == "goalText" && k.Verbatim));
    }

    private static PrintedLine Line(int number, double top, params (string Text, double Left)[] words) =>
        new(number, 1, top, top + 12, 12, words.Select(w => new PrintedWord(w.Text, w.Left, w.Left + w.Text.Sum(c => c < 0x2E80 ? 6.0 : 12.0))).ToList());
}
