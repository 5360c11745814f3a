using BudgetMesh.Cli.Import;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// The text path's narrative: control characters and page breaks removed, and lines the page width wrapped (text
/// extracted with `-layout`: several lines end at one right edge) joined where a sentence or a word was broken; text
/// whose lines do not share a wrap edge (the seeds' form) keeps its line breaks as printed.
/// </summary>
public sealed class NarrativeHygieneTests
{
    // Forty or forty-one ideographs each (80-82 display columns): the right edge of the prose below.
    private const string Broken = "本部门负责全区的政务服务工作，统筹推进审批制度改革，协调督促有关单位落实各项任务";
    private const string MidWord = "并按时报送进展情况。本年度预算安排严格执行过紧日子要求，压减一般性支出，保障重点项";
    private const string AtPageFoot = "本部门预算由本级预算组成，共有内设机构五个，下属单位两个，均纳入本部门预算编制的";
    private const string Ended = "部门预算收支总额为一千二百万元，其中基本支出八百万元，项目支出四百万元，全部为。";
    private const string Table = "附件2\n2025年一般公共预算财政拨款支出预算表\n单位：万元\n科目编码\t科目名称\t总计\t基本支出\t项目支出\n合计\t\t5.00\t5.00\t\n";

    [Fact]
    public void Wrapped_lines_are_joined_across_a_page_break_and_control_characters_are_removed()
    {
        var text = "某区某局\n2025年部门预算情况说明\n一、部门主要职能\n" + Broken + "\n" + MidWord + "\n目资金需要。\u0001\n二、部门预算单位构成\n" +
            AtPageFoot + "\n\n\n\f范围。\n" + Ended + "\n下一段\u200b开始。\n" + Ended + "\n1.第一项说明。\n" + Table;

        var narrative = DisclosureImporter.Import(text, new ImportOptions()).Package.Narrative.Text;

        Assert.Equal("某区某局\n2025年部门预算情况说明\n一、部门主要职能\n" + Broken + MidWord + "目资金需要。\n二、部门预算单位构成\n" +
            AtPageFoot + "范围。\n" + Ended + "\n下一段开始。\n" + Ended + "\n1.第一项说明。", narrative);
        Assert.DoesNotContain('\f', narrative);
    }

    [Fact]
    public void A_line_broken_mid_sentence_stays_broken_where_the_text_shows_no_page_width()
    {
        // Two lines at one edge are no page width: a transcription that broke one line by hand keeps it (seed 001 does).
        var text = "某区某局\n2025年部门预算情况说明\n" + Broken + "\n" + MidWord + "\n目资金需要。\n" + Table;

        var narrative = DisclosureImporter.Import(text, new ImportOptions()).Package.Narrative.Text;

        Assert.Equal("某区某局\n2025年部门预算情况说明\n" + Broken + "\n" + MidWord + "\n目资金需要。", narrative);
    }

    [Fact]
    public void A_page_break_between_paragraphs_is_removed_and_the_paragraphs_stay_apart()
    {
        var text = "某区某局\n2025年部门预算情况说明\n" + Ended + "\n" + Ended + "\n" + Ended + "\n\n\f二、部门预算单位构成\n" + Table;

        var narrative = DisclosureImporter.Import(text, new ImportOptions()).Package.Narrative.Text;

        Assert.Equal("某区某局\n2025年部门预算情况说明\n" + Ended + "\n" + Ended + "\n" + Ended + "\n\n二、部门预算单位构成", narrative);
    }
}
