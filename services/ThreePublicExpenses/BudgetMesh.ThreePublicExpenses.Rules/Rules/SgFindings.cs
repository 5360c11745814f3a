using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>Findings several 三公 rules word the same way.</summary>
internal static class SgFindings
{
    public static string YearLabel(bool priorYear) => priorYear ? "上年预算数" : "本年预算数";

    /// <summary>A cell that is not a number, for a rule that needed it: a review (the rule could not check).</summary>
    public static Finding UnreadableCell(ThreePublicItem item, Cell cell, bool priorYear = false) => Findings.Of(
        Severity.Warning,
        $"“三公”经费支出表{YearLabel(priorYear)}的{ThreePublicItems.Name(item)}单元格为“{cell.Raw}”，不是数字，无法核对（不按 0 处理）。",
        [SgLocations.SgCell(ThreePublicItems.Column(item), priorYear)],
        actual: cell.Raw ?? string.Empty);

    /// <summary>
    /// The same cell as the table's own defect (T1): an amount printed as text ("十八", "XX") is an error of the table,
    /// never a 0 and never only a review.
    /// </summary>
    public static Finding NonNumericCell(ThreePublicItem item, Cell cell, bool priorYear = false) => Findings.Of(
        Severity.Error,
        $"“三公”经费支出表{YearLabel(priorYear)}的{ThreePublicItems.Name(item)}印为“{cell.Raw}”，不是数字：金额须以阿拉伯数字填写（不按 0 处理，合计无法核对）。",
        [SgLocations.SgCell(ThreePublicItems.Column(item), priorYear)],
        expected: "数字",
        actual: cell.Raw ?? string.Empty);

    public static Finding UnreadableSentence(TextSpan span, string sentence, string problem) => Findings.Of(
        Severity.Warning,
        $"情况说明中的句子“{Shorten(sentence)}”无法读取：{problem}。",
        [SgLocations.Sentence(span)],
        actual: sentence);

    public static string Shorten(string sentence)
    {
        var oneLine = string.Join(string.Empty, sentence.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 80 ? oneLine : oneLine[..80] + "…";
    }
}
