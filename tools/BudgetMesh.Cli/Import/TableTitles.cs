using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// Recognises the lines around a table: its annex label, its title (the variants are data: <see cref="LayoutProfiles"/>), a subtitle
/// that completes the title, the unit line, remarks and page numbers.
/// </summary>
internal static partial class TableTitles
{
    /// <summary>
    /// The table key a title line names, or null. A title names a 表; narrative sentences, list items (附表 1.…) and a
    /// column header printed as one line (`科目编码 科目名称 总计 基本支出 项目支出`, `合计 基本支出 项目支出`) are not titles.
    /// Letter spacing (`部 门 收 支 总 表`) does not hide a title.
    /// </summary>
    public static string? Key(string line, LayoutProfiles layouts) =>
        line.Length is > 4 and < 90 && !line.Contains('。', StringComparison.Ordinal) && !line.StartsWith('-') && !ListItemPattern().IsMatch(line)
        && !ColumnHeaderPattern().IsMatch(line) && line.Contains('表', StringComparison.Ordinal)
            ? layouts.Find(WhitespacePattern().Replace(line, string.Empty))?.Key
            : null;

    /// <summary>`附件1：2024年部门收支总表`, `表一 部门收支总表`: an annex label and a title on one line, or null.</summary>
    public static (string Label, string Title)? LabelAndTitle(string line) =>
        LabelTitlePattern().Match(line.Trim()) is { Success: true } m ? (m.Groups[1].Value, m.Groups[2].Value.Trim()) : null;

    /// <summary>`2025年…表`: a title even without an annex label above it.</summary>
    public static bool IsStandalone(string line) => YearTitlePattern().IsMatch(line);

    public static bool IsLabel(string line) => LabelPattern().IsMatch(line);

    /// <summary>`（部门预算支出经济分类科目）`: the second line of a title, stored with it.</summary>
    public static bool IsSubtitle(string line) => SubtitlePattern().IsMatch(line);

    /// <summary>`(2025 年度)` under an XJ title: not stored (the year is the package's).</summary>
    public static bool IsYearSubtitle(string line) => YearSubtitlePattern().IsMatch(line);

    /// <summary>`单位：万元`, `金额单位：元`.</summary>
    public static AmountUnit Unit(string line) =>
        UnitPattern().Match(line) is { Success: true } unit ? Named(unit.Groups[1].Value) : AmountUnit.Unspecified;

    /// <summary>A unit printed in a caption: `资金情况 (万元)`, `总体资金情况(元)`.</summary>
    public static AmountUnit CaptionUnit(string cell) =>
        CaptionUnitPattern().Match(cell) is { Success: true } unit ? Named(unit.Groups[1].Value) : AmountUnit.Unspecified;

    /// <summary>A caption without its unit: `年度资金总额(万元)` → `年度资金总额`.</summary>
    public static string WithoutCaptionUnit(string cell) => CaptionUnitPattern().Replace(cell, string.Empty).Trim();

    public static bool IsRemark(string line) =>
        line.StartsWith("备注", StringComparison.Ordinal) || line.StartsWith("本单位无", StringComparison.Ordinal)
        || line.StartsWith("说明：", StringComparison.Ordinal) || line.StartsWith("说明:", StringComparison.Ordinal)
        || line.StartsWith("注：", StringComparison.Ordinal) || line.StartsWith("注:", StringComparison.Ordinal);

    /// <summary>`— 10 —`: a page number, not table content.</summary>
    public static bool IsPageNumber(string line) => PageNumberPattern().IsMatch(line);

    private static AmountUnit Named(string unit) => unit == "万元" ? AmountUnit.TenThousandYuan : AmountUnit.Yuan;

    [GeneratedRegex(@"^(附件|附表|表)\s*[\d一二三四五六七八九十]+(\s*[-－—]\s*\d+)?\s*[：:]?$")]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"^((?:附件|附表|表)\s*[\d一二三四五六七八九十]+(?:\s*[-－—]\s*\d+)?)\s*[：:\s]\s*(\S.*表)$")]
    private static partial Regex LabelTitlePattern();

    [GeneratedRegex(@"[\s\u3000]+")]
    private static partial Regex WhitespacePattern();

    [GeneratedRegex(@"^[（(][^）)]*(经济分类|科目)[^）)]*[）)]$")]
    private static partial Regex SubtitlePattern();

    [GeneratedRegex(@"^[（(]\s*\d{4}\s*年度?\s*[）)]$")]
    private static partial Regex YearSubtitlePattern();

    [GeneratedRegex(@"(?:金额)?单位[：:]\s*(万元|元)\s*$")]
    private static partial Regex UnitPattern();

    [GeneratedRegex(@"[（(]\s*(万元|元)\s*[）)]")]
    private static partial Regex CaptionUnitPattern();

    [GeneratedRegex(@"^\s*\d+[.、．]")]
    private static partial Regex ListItemPattern();

    /// <summary>A line that opens with the code or name column of a coded table.</summary>
    [GeneratedRegex(@"^\s*\S{0,8}科目(编码|名称)")]
    private static partial Regex ColumnHeaderPattern();

    [GeneratedRegex(@"^\d{4}\s*年.*表$")]
    private static partial Regex YearTitlePattern();

    [GeneratedRegex(@"^[—–\-]+\s*\d+\s*[—–\-]+$")]
    private static partial Regex PageNumberPattern();
}
