using BudgetMesh.Cli.Import;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>Text rows with single spaces between cells: read by column position where the lines are aligned.</summary>
public sealed class AlignedColumnTests
{
    private const string Head = "某区某局\n2025年部门预算情况说明\n正文。\n附件2\n2025年一般公共预算财政拨款支出预算表\n单位：万元\n科目编码 科目名称                                   总计 基本支出 项目支出\n";

    [Fact]
    public void Aligned_rows_with_single_spaces_are_cut_at_the_columns_blank_in_every_line_and_blank_cells_stay_blank()
    {
        const string rows =
            "        合计                                   1,015.00 1,010.00     5.00\n" +
            "201     一般公共服务支出                       1,015.00 1,010.00     5.00\n" +
            "20103   政府办公厅（室）及相关机构事务         1,015.00 1,010.00     5.00\n" +
            "2010301 行政运行                               1,010.00 1,010.00\n" +
            "2010399 其他政府办公厅（室）及相关机构事务支出     5.00              5.00\n";

        var gf = DisclosureImporter.Import(Head + rows, new ImportOptions()).Package.Tables.Gf;

        Assert.Equal(["201", "20103", "2010301", "2010399"], gf.Rows.Select(r => r.Code));
        Assert.Equal("其他政府办公厅（室）及相关机构事务支出", gf.Rows[3].Name);
        Assert.Equal(("1015.00", "1010.00", "5.00"), (gf.Rows[0].Total, gf.Rows[0].Basic, gf.Rows[0].Project));
        Assert.False(gf.Rows[2].HasProject);
        Assert.Equal("1010.00", gf.Rows[2].Basic);
        Assert.False(gf.Rows[3].HasBasic);
        Assert.Equal("5.00", gf.Rows[3].Project);
        Assert.Equal("1015.00", gf.TotalRow.Total);
    }

    [Fact]
    public void Single_spaced_rows_that_are_not_aligned_are_not_cut_by_guess_but_placed_by_their_sums()
    {
        // Not aligned: nothing is cut by position. No 款 row 20103 is printed, so 行政运行 and 事业运行 count in 类 201
        // by their code: its 10.00 basic and 5.00 project leave one placement.
        const string rows = "合计 15.00 10.00 5.00\n201 一般公共服务支出 15.00 10.00 5.00\n2010301 行政运行 10.00 10.00\n2010350 事业运行 5.00 5.00\n";

        var result = DisclosureImporter.Import(Head + rows, new ImportOptions());

        var gf = result.Package.Tables.Gf;
        Assert.Equal(["201", "2010301", "2010350"], gf.Rows.Select(r => r.Code));
        Assert.Equal(("行政运行", "10.00", "10.00", false), (gf.Rows[1].Name, gf.Rows[1].Total, gf.Rows[1].Basic, gf.Rows[1].HasProject));
        Assert.Equal(("事业运行", "5.00", false, "5.00"), (gf.Rows[2].Name, gf.Rows[2].Total, gf.Rows[2].HasBasic, gf.Rows[2].Project));
        Assert.Empty(result.Unplaced);
    }

    [Fact]
    public void A_small_aligned_table_whose_rows_dropped_blank_cells_is_read_by_the_header_each_amount_stands_under_not_in_column_order()
    {
        // Too few rows to cut columns by their blanks, and the sums allow 5.00 as basic or project spending in both rows:
        // the second 5.00 stands under 项目支出.
        const string text = "某区某局\n2025年部门预算情况说明\n正文。\n附件2\n2025年一般公共预算财政拨款支出预算表\n单位：万元\n" +
            "科目编码  科目名称            合计    基本支出    项目支出\n" +
            "合计                          5.00                    5.00\n" +
            "201       一般公共服务支出    5.00                    5.00\n";

        var result = DisclosureImporter.Import(text, new ImportOptions());

        var gf = result.Package.Tables.Gf;
        Assert.Empty(result.Unplaced);
        Assert.Equal(("201", "5.00", false, "5.00"), (gf.Rows[0].Code, gf.Rows[0].Total, gf.Rows[0].HasBasic, gf.Rows[0].Project));
        Assert.Equal(("5.00", false, "5.00"), (gf.TotalRow.Total, gf.TotalRow.HasBasic, gf.TotalRow.Project));
    }

    [Fact]
    public void A_single_spaced_column_header_is_read_as_the_header_not_as_the_title_of_another_table()
    {
        var text = Head.Replace("科目名称                                   总计", "科目名称 总计", StringComparison.Ordinal) +
            "201     一般公共服务支出 15.00 10.00 5.00\n2010301 行政运行         10.00 10.00\n2010350 事业运行          5.00  5.00\n";

        var result = DisclosureImporter.Import(text, new ImportOptions());

        Assert.Equal(["GF"], result.Tables);
        Assert.Equal(["201", "2010301", "2010350"], result.Package.Tables.Gf.Rows.Select(r => r.Code));
    }
}
