using BudgetMesh.Cli.Import;
using BudgetMesh.Cli.Import.Layout;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// Reading by position on small synthetic pages (12 pt glyphs: an ideograph 12 wide, a digit or ASCII mark 6): column
/// placement with blank cells, split 类/款/项 codes, stacked header cells, a heading line carrying the unit, notes with
/// either colon, a table over two pages with its header repeated, wrapped narrative lines and an unknown title.
/// </summary>
public sealed class LayoutTests
{
    private const string Heading = "编制部门：某区某局";

    [Fact]
    public void A_blank_cell_stays_blank_and_split_codes_are_joined_by_position()
    {
        var page = Page(1,
            Line(60, ("2025年部门支出预算总表", 300)),
            Line(90, (Heading, 60), ("单位：元", 700)),
            Line(120, ("功能分类科目编码", 60), ("合计", 450), ("基本支出", 560), ("项目支出", 680)),
            Line(132, ("功能分类科目名称", 200)),
            Line(144, ("类", 66), ("款", 102), ("项", 138)),
            Line(170, ("201", 62), ("一般公共服务支出", 170), ("1,000.00", 440), ("1,000.00", 680)),
            Line(195, ("201", 62), ("03", 100), ("01", 136), ("行政运行", 170), ("600.00", 452), ("600.00", 572)),
            Line(220, ("合计", 240), ("1,000.00", 440), ("600.00", 572), ("400.00", 692)));

        var result = LayoutImporter.Import([page], new ImportOptions());

        var zc = result.Package.Tables.Zc;
        Assert.Equal(AmountUnit.Yuan, zc.Meta.Unit);
        Assert.Equal(["201", "2010301"], zc.Rows.Select(r => r.Code));
        Assert.Equal("1000.00", zc.Rows[0].Total);
        Assert.False(zc.Rows[0].HasBasic);
        Assert.Equal("1000.00", zc.Rows[0].Project);
        Assert.Equal("600.00", zc.Rows[1].Basic);
        Assert.False(zc.Rows[1].HasProject);
        Assert.Equal("400.00", zc.TotalRow.Project);
        Assert.Empty(result.Unplaced);
    }

    [Fact]
    public void A_header_cell_printed_on_two_lines_is_one_column_and_a_narrow_title_over_two_columns_is_not_a_column()
    {
        var page = Page(1,
            Line(60, ("2025年部门收入预算总表", 300)),
            Line(90, (Heading, 60), ("单位：元", 700)),
            Line(110, ("项目", 200), ("收入预算", 560)),
            Line(128, ("功能分类科目编码", 60)),
            Line(132, ("事业单位", 640)),
            Line(140, ("功能分类科目名称", 200), ("合计", 440), ("财政拨款收入", 500), ("事业收入", 580), ("其他收入", 720)),
            Line(146, ("经营收入", 640)),
            Line(152, ("类", 66), ("款", 102), ("项", 138)),
            Line(180, ("201", 62), ("一般公共服务支出", 170), ("9.00", 444), ("8.00", 540), ("1.00", 676)),
            Line(205, ("合计", 240), ("9.00", 444), ("8.00", 540), ("1.00", 676)));

        var result = LayoutImporter.Import([page], new ImportOptions());

        var row = result.Package.Tables.Sr.Rows.Single();
        Assert.Equal("8.00", row.FiscalAppropriation);
        Assert.False(row.HasInstitutionIncome);
        Assert.Equal("1.00", row.OperatingIncome);
        Assert.False(row.HasOtherIncome);
        Assert.Equal(["编码", "功能分类科目名称", "合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"], result.Sections.Single().Columns);
    }

    [Fact]
    public void A_table_continues_over_a_page_break_skipping_its_repeated_header_and_takes_a_note_with_an_ascii_colon()
    {
        var header = new[] { Line(100, ("科目编码", 60), ("科目名称", 200), ("合计", 450), ("基本支出", 560), ("项目支出", 680)) };
        var first = Page(1,
            Line(60, ("2025年部门一般公共预算支出功能分类预算表", 200)),
            Line(80, (Heading, 60), ("单位:万元", 700)),
            header[0],
            Line(130, ("201", 62), ("一般公共服务支出", 170), ("5.00", 456), ("5.00", 566)));
        var second = Page(2,
            Line(100, ("科目编码", 60), ("科目名称", 200), ("合计", 450), ("基本支出", 560), ("项目支出", 680)),
            Line(130, ("208", 62), ("社会保障和就业支出", 170), ("2.00", 456), ("2.00", 686)),
            Line(155, ("合计", 200), ("7.00", 456), ("5.00", 566), ("2.00", 686)),
            Line(180, ("注:本表不含上年结转。", 60)));

        var result = LayoutImporter.Import([first, second], new ImportOptions());

        var gf = result.Package.Tables.Gf;
        Assert.Equal(AmountUnit.TenThousandYuan, gf.Meta.Unit);
        Assert.Equal(["201", "208"], gf.Rows.Select(r => r.Code));
        Assert.Equal("2.00", gf.Rows[1].Project);
        Assert.Equal("7.00", gf.TotalRow.Total);
        Assert.Equal(["本表不含上年结转。"], gf.Meta.Notes);
        Assert.Empty(result.Unplaced);
    }

    [Fact]
    public void Narrative_lines_a_page_width_wrapped_are_joined_and_paragraphs_stay_apart()
    {
        var page = Page(1,
            Line(60, ("上海市普陀区2025年区级部门预算", 200)),
            Line(90, ("预算主管部门：上海市普陀区某局", 60)),
            Line(120, ("一、部门主要职能是很长的一段文字，它一直写到本页面文字区域的最右", 60)),
            Line(135, ("边为止然后换行。", 60)),
            Line(150, ("二、机构设置。", 60)),
            Line(180, ("2025年部门支出预算总表", 300)),
            Line(200, (Heading, 60), ("单位：元", 700)),
            Line(220, ("科目编码", 60), ("科目名称", 200), ("合计", 450)),
            Line(245, ("合计", 200), ("1.00", 456)));

        var result = LayoutImporter.Import([page], new ImportOptions());

        var header = result.Package.Header;
        Assert.Equal("上海市普陀区2025年区级部门预算", header.DocumentTitle);
        Assert.Equal(2025, header.BudgetYear);
        Assert.Equal("310107", header.DistrictCode);
        Assert.Equal("上海市普陀区某局", header.DepartmentName);
        Assert.Equal(AmountUnit.Yuan, header.AmountUnit);
        Assert.Equal("上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区某局\n一、部门主要职能是很长的一段文字，它一直写到本页面文字区域的最右边为止然后换行。\n二、机构设置。", result.Package.Narrative.Text);
    }

    [Fact]
    public void A_table_whose_title_no_profile_knows_is_reported_with_its_lines_not_merged_into_the_table_before()
    {
        var page = Page(1,
            Line(60, ("2025年部门支出预算总表", 300)),
            Line(80, (Heading, 60), ("单位：元", 700)),
            Line(100, ("科目编码", 60), ("科目名称", 200), ("合计", 450)),
            Line(125, ("合计", 200), ("1.00", 456)),
            Line(160, ("2025年部门项目支出绩效自评表", 300)),
            Line(180, (Heading, 60), ("单位：元", 700)),
            Line(200, ("项目名称", 60), ("金额", 450)),
            Line(225, ("某项目", 60), ("1.00", 456)));

        var result = LayoutImporter.Import([page], new ImportOptions());

        Assert.Equal(["ZC"], result.Tables);
        Assert.Contains(result.Notes, n => n.StartsWith("2025年部门项目支出绩效自评表：版式配置中没有这张表", StringComparison.Ordinal));
        Assert.Equal(["项目名称 金额", "某项目 1.00"], result.Unplaced.Select(u => u.Text));
        Assert.All(result.Unplaced, u => Assert.Equal("未知的表", u.Reason));
        Assert.Equal("1.00", result.Package.Tables.Zc.TotalRow.Total);
    }

    private static int number;

    private static PrintedPage Page(int page, params Func<int, PrintedLine>[] lines) =>
        new(page, 842, lines.Select(l => l(page)).ToList());

    /// <summary>A line at <paramref name="top"/> of words starting at the given x; widths from the glyphs.</summary>
    private static Func<int, PrintedLine> Line(double top, params (string Text, double Left)[] words) => page =>
        new PrintedLine(Interlocked.Increment(ref number), page, top, top + 12, 12,
            words.Select(w => new PrintedWord(w.Text, w.Left, w.Left + w.Text.Sum(c => c < 0x2E80 ? 6.0 : 12.0))).ToList());
}
