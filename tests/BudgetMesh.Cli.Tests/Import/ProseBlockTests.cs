using BudgetMesh.Cli.Import;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// Which wrapped lines continue a paragraph, from layout and meaning alone (positions in PDF points, a 12 pt body from
/// a 56 pt margin to a 776 pt edge, paragraphs indented two characters): a line that runs to the edge continues into
/// the next unless it is a 目录 entry, ends a sentence before an indented line, or meets a heading in another font size
/// or a numbered item.
/// </summary>
public sealed class ProseBlockTests
{
    private const double Margin = 56, Edge = 776, Body = 12;

    [Fact]
    public void Table_of_contents_entries_ending_in_a_dot_leader_stay_one_per_line_with_or_without_a_page_number()
    {
        var lines = new[]
        {
            Line("目 录", 380, 420, 20),
            Line("一、部门主要职能 ……………………………………………………………", Margin, Edge),
            Line("二、部门机构设置 …………………………………………………………… 3", Margin, Edge),
            Line("1. 2025年部门财务收支预算总表 ·································· 12", Margin + 24, Edge - 6),
            Line("2. 2025年部门收入预算总表 ……………………………………………………", Margin + 24, Edge - 6),
        };

        Assert.All(Prose.Continuations(lines), Assert.False);
    }

    [Fact]
    public void A_heading_in_a_larger_font_is_not_glued_to_the_paragraph_before_it()
    {
        var lines = new[]
        {
            Line("（八）机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本", Margin + 24, Edge),
            Line("支出中的日常公用经费支出。", Margin, Edge),
            Line("2025年部门预算编制说明", Margin, 320, 18),
            Line("上海市普陀区2025年区级部门预算", Margin, Edge, 18),
            Line("预算主管部门：某部门", Margin, 400),
        };

        Assert.Equal([false, true, false, false, false], Prose.Continuations(lines));
    }

    [Fact]
    public void A_sentence_ending_at_the_edge_continues_at_the_margin_and_stops_before_an_indented_line_or_a_numbered_item()
    {
        var lines = new[]
        {
            Line("12.“社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）”24.31万元。", Margin + 24, Edge),
            Line("2023年当年预算执行数为20.30万元，2024年预算安排24.31万元，比2023年预算执行数增加19.75%。", Margin, Edge),
            Line("主要原因是：行政单位离退休经费增加，本年度按实际人数及标准测算安排，比上年有所增加。", Margin + 24, Edge),
            Line("13.管理和协调区政府合作交流、东西部协作和对口支援工作，并负责相关的统筹和联络事项等", Margin + 24, Edge),
            Line("14.完成区委、区政府交办的其他任务。", Margin + 24, 300),
        };

        Assert.Equal([false, true, false, false, false], Prose.Continuations(lines));
    }

    [Fact]
    public void A_line_broken_mid_sentence_at_the_edge_continues_even_when_the_next_starts_with_a_decimal()
    {
        var lines = new[]
        {
            Line("3、公共安全支出（204类）司法（06款）普法宣传（05项）124.29万元。2025年当年预算执行数增长", Margin + 24, Edge),
            Line("1.5%，主要原因是：法制宣传工作支出增加。", Margin, 400),
        };

        Assert.Equal([false, true], Prose.Continuations(lines));
    }

    private static ProseLine Line(string text, double left, double right, double size = Body) => new(text, left, right, size, true, 0);
}
