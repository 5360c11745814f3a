using BudgetMesh.Cli.Import;
using BudgetMesh.Cli.Import.Layout;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// Department and unit codes printed beside their names, as "编码-名称" or "编码 名称" (ASCII or full-width dash or space):
/// in labelled lines, beside the header's own name, and as the first cell of a table's heading line.
/// </summary>
public sealed class PrintedCodeTests
{
    private const string Table = "附件2\n2025年一般公共预算财政拨款支出预算表\n单位：万元\n科目编码\t科目名称\t总计\t基本支出\t项目支出\n合计\t\t5.00\t5.00\t\n201\t一般公共服务支出\t5.00\t5.00\t\n";

    [Theory]
    [InlineData("312001 政府办")]
    [InlineData("312001-政府办")]
    [InlineData("312001　政府办")]
    [InlineData("312001－政府办")]
    [InlineData("312001 - 政府办")]
    public void A_unit_labelled_with_its_code_in_either_form_gives_code_and_name(string printed)
    {
        var text = $"重庆市潼南区人民政府办公室\n2025年部门预算情况说明\n预算主管部门：312 重庆市潼南区人民政府办公室\n预算单位：{printed}\n正文。\n{Table}";

        var header = DisclosureImporter.Import(text, new ImportOptions()).Package.Header;

        Assert.Equal("312", header.DepartmentCode);
        Assert.Equal("重庆市潼南区人民政府办公室", header.DepartmentName);
        Assert.Equal("312001", header.UnitCode);
        Assert.Equal("政府办", header.UnitName);
    }

    [Theory]
    [InlineData("部门：312001 政府办\n单位：312001 政府办")]
    [InlineData("部门：312001-政府办  单位：万元")]
    public void A_bare_department_label_before_a_coded_name_is_read_and_a_bare_unit_label_before_an_amount_unit_is_not(string lines)
    {
        var text = $"政府办\n2025年部门预算情况说明\n{lines}\n正文。\n{Table}";

        var header = DisclosureImporter.Import(text, new ImportOptions()).Package.Header;

        Assert.Equal("312001", header.DepartmentCode);
        Assert.Equal("政府办", header.DepartmentName);
        Assert.Equal("政府办", header.UnitName);
        Assert.Equal("312001", header.UnitCode);
    }

    [Theory]
    [InlineData("312001 政府办")]
    [InlineData("312001-政府办")]
    public void A_department_whose_name_is_printed_with_its_code_in_a_table_takes_that_code(string printed)
    {
        var text = $"政府办\n2025年部门预算情况说明\n正文。\n附件13\n2025年部门整体绩效目标表\n部门（单位）名称\t{printed}\n";

        var header = DisclosureImporter.Import(text, new ImportOptions()).Package.Header;

        Assert.Equal("312001", header.DepartmentCode);
    }

    [Theory]
    [InlineData("312001 政府办        单位：万元")]
    [InlineData("312001-政府办\t\t单位：万元")]
    [InlineData("312001　政府办　　单位：万元")]
    public void A_heading_line_opening_with_a_coded_unit_gives_the_unit_code_and_its_department(string heading)
    {
        var text = $"重庆市潼南区人民政府办公室（本级）\n2025年部门预算情况说明\n正文。\n附件2\n2025年一般公共预算财政拨款支出预算表\n{heading}\n科目编码\t科目名称\t总计\t基本支出\t项目支出\n合计\t\t5.00\t5.00\t\n";

        var header = DisclosureImporter.Import(text, new ImportOptions()).Package.Header;

        Assert.Equal("312001", header.UnitCode);
        Assert.Equal("312", header.DepartmentCode);
    }

    [Theory]
    [InlineData("2025 年部门预算情况说明")]
    [InlineData("201 一般公共服务支出 5.00")]
    public void A_year_or_a_function_row_is_not_taken_for_a_code(string line)
    {
        var text = $"某区某局\n{line}\n2025年部门预算情况说明\n正文。\n{Table}";

        var header = DisclosureImporter.Import(text, new ImportOptions()).Package.Header;

        Assert.Equal(string.Empty, header.DepartmentCode);
        Assert.Equal(string.Empty, header.UnitCode);
    }

    [Theory]
    [InlineData("312001 政府办")]
    [InlineData("312001－政府办")]
    public void A_pdf_heading_line_opening_with_a_coded_unit_gives_the_unit_code(string printed)
    {
        var lines = new[]
        {
            Line(1, 30, ("重庆市潼南区人民政府办公室（本级）", 200)),
            Line(2, 45, ("2025年部门预算情况说明", 220)),
            Line(3, 60, ("2025年部门支出预算总表", 300)),
            Line(4, 90, (printed, 60), ("单位：万元", 700)),
            Line(5, 120, ("科目编码", 60), ("科目名称", 200), ("合计", 450), ("基本支出", 560), ("项目支出", 680)),
            Line(6, 150, ("201", 62), ("一般公共服务支出", 200), ("5.00", 452), ("5.00", 572)),
        };

        var header = LayoutImporter.Import([new PrintedPage(1, 842, lines)], new ImportOptions()).Package.Header;

        Assert.Equal("312001", header.UnitCode);
        Assert.Equal("312", header.DepartmentCode);
    }

    private static PrintedLine Line(int number, double top, params (string Text, double Left)[] words) =>
        new(number, 1, top, top + 12, 12, words.Select(w => new PrintedWord(w.Text, w.Left, w.Left + w.Text.Sum(c => c < 0x2E80 ? 6.0 : 12.0))).ToList());
}
