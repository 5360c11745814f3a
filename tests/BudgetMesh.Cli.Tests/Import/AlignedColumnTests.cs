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
    public void Single_spaced_rows_that_are_not_aligned_are_not_cut_by_guess()
    {
        // No 款 row 20103 is printed: nothing says whether 10.00 of 行政运行 is basic or project spending.
        const string rows = "合计 15.00 10.00 5.00\n201 一般公共服务支出 15.00 10.00 5.00\n2010301 行政运行 10.00 10.00\n2010350 事业运行 5.00 5.00\n";

        var result = DisclosureImporter.Import(Head + rows, new ImportOptions());

        // A row that prints every amount is read; one that dropped a blank cell the sums cannot place is reported.
        Assert.Equal(["201"], result.Package.Tables.Gf.Rows.Select(r => r.Code));
        Assert.Contains(result.Unplaced, u => u.Text == "2010301 行政运行 10.00 10.00" && u.Reason == DroppedBlanks.Undecided);
        Assert.Contains(result.Unplaced, u => u.Text == "2010350 事业运行 5.00 5.00" && u.Reason == DroppedBlanks.Undecided);
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
