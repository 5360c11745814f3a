using System.Globalization;
using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R20 (cells), R21 (table years), R22 (units): how the tables are printed.</summary>
internal static partial class PresentationRules
{
    /// <summary>Whole-budget figures: each should be of the package's size, whatever its unit.</summary>
    private static readonly TableKey[] WholeBudget = [TableKey.Cz, TableKey.Sz, TableKey.Gf, TableKey.Zc, TableKey.Sr, TableKey.Zt];

    /// <summary>R20: a value cell holds template residue ("XX", "××", "." …) instead of a number.</summary>
    public static void ResidueCells(BudgetPackage package, RuleRun run)
    {
        foreach (var table in PrintedCells.Tables(package))
        {
            foreach (var cell in PrintedCells.Cells(table).Where(c => c.IsAmount))
            {
                run.Checked();
                if (Amount.Parse(cell.Text).IsUnparseable && IsResidueValue(cell.Text))
                {
                    run.Fail($"{table.DisplayName} {Where(cell)}“{Names.Column(cell.Column)}”印为“{cell.Text}”：模板残留，应填写金额。", [cell.Location], expected: "金额", actual: cell.Text);
                }
            }
        }

        run.NotApplicable("本包无金额单元格。");
    }

    /// <summary>R20: a text cell of a table (name, label, title, note, indicator) holds template residue.</summary>
    public static void ResidueLabels(BudgetPackage package, RuleRun run)
    {
        foreach (var table in PrintedCells.Tables(package))
        {
            run.Checked();
            var texts = PrintedCells.Cells(table).Where(c => !c.IsAmount)
                .Append(new PrintedCell(table.Key, "printed_title", table.Meta.PrintedTitle, false, table.Key == TableKey.Xj ? table.Index : -1, string.Empty, "表头"));
            foreach (var cell in texts)
            {
                if (ResidueText(cell.Text) is { } residue)
                {
                    run.Fail($"{table.DisplayName} {Where(cell)}“{Names.Column(cell.Column)}”含模板残留“{residue}”：{Shorten(cell.Text)}", [cell.Location], expected: "已填写的文字", actual: cell.Text);
                }
            }
        }

        run.NotApplicable("本包无附表。");
    }

    /// <summary>R21: titles name the budget year N; a prior-year column is N−1.</summary>
    public static void TableYears(BudgetPackage package, RuleRun run)
    {
        var year = package.Header?.BudgetYear ?? 0;
        if (year == 0)
        {
            run.NotApplicable("封面未给出预算年度。");
            return;
        }

        var title = package.Header!.DocumentTitle;
        run.Checked();
        if (FirstYear(title) is { } titleYear && titleYear != year)
        {
            run.Fail($"文件标题“{title}”写的是 {titleYear} 年，预算年度为 {year} 年。", [At.Labeled(TableKey.Header, "document_title", "文件标题")],
                expected: Year(year), actual: Year(titleYear));
        }

        foreach (var table in PrintedCells.Tables(package))
        {
            run.Checked();
            if (FirstYear(table.Meta.PrintedTitle) is { } printed && printed != year)
            {
                run.Fail($"{table.DisplayName} 标题“{table.Meta.PrintedTitle}”写的是 {printed} 年，预算年度为 {year} 年。",
                    [At.Labeled(table.Key, "printed_title", "表头", table.Key == TableKey.Xj ? table.Index : -1)], expected: Year(year), actual: Year(printed));
            }

            var priorYear = table.Message is FunctionExpenditureTable function ? function.PriorYear : 0;
            if (priorYear != 0 && priorYear != year - 1)
            {
                run.Fail($"{table.DisplayName} 上年数列标为 {priorYear} 年，应为 {year - 1} 年。", [At.Labeled(table.Key, "prior_year", "上年数列")],
                    expected: Year(year - 1), actual: Year(priorYear));
            }
        }
    }

    /// <summary>R22: every table with amounts declares 元 or 万元.</summary>
    public static void UnitDeclared(BudgetPackage package, RuleRun run)
    {
        run.Checked();
        if (package.Header?.AmountUnit is null or AmountUnit.Unspecified)
        {
            run.Fail("封面未声明全包金额单位（元或万元）。", [At.Labeled(TableKey.Header, "amount_unit", "金额单位")], expected: "元或万元", actual: "（未声明）");
        }

        foreach (var table in PrintedCells.Tables(package))
        {
            if (table.Meta.Unit == AmountUnit.Unspecified && PrintedCells.Numbers(table).Any())
            {
                run.Fail($"{table.DisplayName} 印有金额但未声明金额单位（元或万元）。", [At.Labeled(table.Key, "unit", "金额单位", table.Key == TableKey.Xj ? table.Index : -1)], expected: "元或万元", actual: "（未声明）");
            }
        }
    }

    /// <summary>
    /// R22: magnitudes agree across the package. Each whole-budget figure (CZ/SZ income, GF/ZC/SR 合计, ZT funds),
    /// converted to 元 by its table's declared unit, sits within a factor of 100 of their median; no other table
    /// prints an amount 1000 times the budget. A factor near 10⁴ means 元 and 万元 were swapped.
    /// </summary>
    public static void Magnitude(BudgetPackage package, RuleRun run)
    {
        var figures = new List<(PrintedTable Table, PrintedCell Cell, decimal Yuan)>();
        foreach (var table in PrintedCells.Tables(package).Where(t => WholeBudget.Contains(t.Key)))
        {
            var (text, column, label) = table.Message switch
            {
                FiscalFundsOverviewTable cz => (cz.IncomeTotal?.Amount, "income_total", "收入合计"),
                DepartmentOverviewTable sz => (sz.IncomeTotal?.Amount, "income_total", "收入合计"),
                FunctionExpenditureTable f => (f.TotalRow?.Total, "total", "合计行"),
                IncomeBySourceTable sr => (sr.TotalRow?.Total, "total", "合计行"),
                OverallTargetTable zt => (zt.HasTotalFunds ? zt.TotalFunds : null, "total_funds", "部门支出预算数"),
                _ => (null, string.Empty, string.Empty),
            };
            if (Amount.Parse(text) is { IsNumber: true, Value: > 0m } amount)
            {
                figures.Add((table, new PrintedCell(table.Key, column, text!, true, -1, string.Empty, label), amount.Value * Units.YuanPer(table.Meta.Unit)));
            }
        }

        if (figures.Count == 0)
        {
            run.NotApplicable("本包没有可作基准的总额（收支总表、支出表合计）。");
            return;
        }

        var ordered = figures.Select(f => f.Yuan).Order().ToList();
        var reference = ordered[(ordered.Count - 1) / 2];
        foreach (var (table, cell, yuan) in figures)
        {
            run.Checked();
            var ratio = yuan / reference;
            if (ratio >= 100m || ratio <= 0.01m)
            {
                Report(run, table, cell, yuan, reference, ratio);
            }
        }

        foreach (var table in PrintedCells.Tables(package).Where(t => !WholeBudget.Contains(t.Key)))
        {
            run.Checked();
            var largest = PrintedCells.Numbers(table).OrderByDescending(x => Math.Abs(x.Value)).FirstOrDefault();
            if (largest.Cell is null)
            {
                continue;
            }

            var yuan = Math.Abs(largest.Value) * Units.YuanPer(table.Meta.Unit);
            if (yuan / reference >= 1000m)
            {
                Report(run, table, largest.Cell, yuan, reference, yuan / reference);
            }
        }
    }

    internal static bool IsResidueValue(string text)
    {
        var trimmed = text.Trim();
        return ResidueText(trimmed) is not null || PunctuationOnly().IsMatch(trimmed) || trimmed.Contains('%', StringComparison.Ordinal);
    }

    /// <summary>The template residue a text carries, or null.</summary>
    internal static string? ResidueText(string text)
    {
        // IsMatch first: it allocates nothing, and almost every cell is clean.
        if (!ResiduePattern().IsMatch(text))
        {
            return null;
        }

        var match = ResiduePattern().Match(text);
        return match.Success ? match.Value : null;
    }

    private static void Report(RuleRun run, PrintedTable table, PrintedCell cell, decimal yuan, decimal reference, decimal ratio)
    {
        var swapped = ratio >= 1m ? "疑似把元当作万元（单位声明与数额不符）" : "疑似把万元当作元（单位声明与数额不符）";
        run.Fail(
            $"{table.DisplayName} {Where(cell)}金额 {cell.Text} {Units.Name(table.Meta.Unit)}，折合 {Comparisons.Fmt(yuan)} 元，是全包预算规模 {Comparisons.Fmt(reference)} 元的 {ratio.ToString("G4", CultureInfo.InvariantCulture)} 倍：{swapped}。",
            [cell.Location, At.Labeled(table.Key, "unit", "金额单位", table.Key == TableKey.Xj ? table.Index : -1)],
            expected: Comparisons.Fmt(reference), actual: Comparisons.Fmt(yuan), unit: "元");
    }

    internal static string Where(PrintedCell cell) =>
        cell.RowIndex < 0 ? (cell.Label.Length > 0 ? $"“{cell.Label}”" : string.Empty) : $"第 {cell.RowIndex + 1} 行{(cell.RowCode.Length > 0 ? $"（{cell.RowCode}）" : string.Empty)}";

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private static int? FirstYear(string text) =>
        YearPattern().Match(text) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("(?:XX|ＸＸ|××|xx年|占\\s*%|比上年增加\\s*万元|比上年减少\\s*万元|增加（减少）|增加\\(减少\\))")]
    private static partial Regex ResiduePattern();

    [GeneratedRegex("^[.,，。、．·]+$")]
    private static partial Regex PunctuationOnly();

    [GeneratedRegex("((?:19|20)\\d{2})\\s*年")]
    private static partial Regex YearPattern();
}
