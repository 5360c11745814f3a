namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>Findings several 三公 rules word the same way.</summary>
internal static class SgFindings
{
    public static string YearLabel(bool priorYear) => priorYear ? "上年预算数" : "本年预算数";

    public static Finding UnreadableCell(string ruleId, ThreePublicItem item, Cell cell, bool priorYear = false) => new(
        ruleId,
        Severity.Warning,
        $"“三公”经费支出表{YearLabel(priorYear)}的{ThreePublicItems.Name(item)}单元格为“{cell.Raw}”，不是数字，无法核对（不按 0 处理）。",
        [FindingLocation.SgCell(ThreePublicItems.Column(item), priorYear)],
        Actual: cell.Raw ?? string.Empty,
        IsReview: true);

    public static Finding UnreadableSentence(string ruleId, TextSpan span, string sentence, string problem) => new(
        ruleId,
        Severity.Warning,
        $"情况说明中的句子“{Shorten(sentence)}”无法读取：{problem}。",
        [FindingLocation.Sentence(span)],
        Actual: sentence,
        IsReview: true);

    public static string Shorten(string sentence)
    {
        var oneLine = string.Join(string.Empty, sentence.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 80 ? oneLine : oneLine[..80] + "…";
    }
}
