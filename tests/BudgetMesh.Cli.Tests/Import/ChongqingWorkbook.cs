using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// Writes a Chongqing department's 附件1–9 as a district publishes them in Excel: one sheet per annex, the 附件N row, the
/// title row (a subtitle such as （部门预算支出经济分类科目） on a row of its own), the 单位 row, the printed multi-row
/// header with merged cells (科目 over 科目编码 and 科目名称, 2025年预算数 over the amounts, 公务用车购置及运行费 over 小计
/// 购置费 运行费), the code in one column, amounts as number cells shown grouped with the printed decimals, blank cells left
/// blank, a printed 合计 row even when the table is empty. The source is a package (the hand-made fixture of a seed text):
/// the workbook is constructed, not published (see tests/fixtures/constructed/README.md).
/// </summary>
internal static class ChongqingWorkbook
{
    public static IReadOnlyList<Sheet> Sheets(BudgetPackage package)
    {
        var t = package.Tables;
        var year = $"{package.Header.BudgetYear}年预算数";
        return
        [
            TwoSided(t.Cz.Meta, 5, ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
                [.. new[] { t.Cz.CurrentYearIncome, t.Cz.GeneralBudgetIncome, t.Cz.GovernmentFundIncome, t.Cz.StateCapitalIncome, t.Cz.CarryoverIncome, t.Cz.CarryoverGeneralBudget, t.Cz.CarryoverGovernmentFund, t.Cz.CarryoverStateCapital }
                    .Where(i => i is not null).Select(i => new[] { i.Label, Amount(i) })],
                [.. new[] { t.Cz.CurrentYearExpenditure }.Concat(t.Cz.ExpenditureByFunction).Append(t.Cz.CarryForward).Where(e => e is not null).Select(Split)],
                [t.Cz.IncomeTotal.Label, Amount(t.Cz.IncomeTotal), .. Split(t.Cz.ExpenditureTotal)]),
            Coded(t.Gf.Meta, "功能分类科目", year, ["小计", "基本支出", "项目支出"], Function(t.Gf)),
            Coded(t.Jb.Meta, "部门预算支出经济分类科目", year, ["合计", "人员经费", "公用经费"],
                Rows(t.Jb.Rows.Select(r => Row(r.Code, r.Name, Get(r.HasTotal, r.Total), Get(r.HasPersonnel, r.Personnel), Get(r.HasPublicUse, r.PublicUse))),
                    t.Jb.TotalRow is { } jb ? Row("", "合计", Get(jb.HasTotal, jb.Total), Get(jb.HasPersonnel, jb.Personnel), Get(jb.HasPublicUse, jb.PublicUse)) : null)),
            Coded(t.Jbg.Meta, "政府预算支出经济分类科目", year, ["合计"],
                Rows(t.Jbg.Rows.Select(r => Row(r.Code, r.Name, Get(r.HasAmount, r.Amount))), t.Jbg.TotalRow is { } jbg ? Row("", "合计", Get(jbg.HasAmount, jbg.Amount)) : null)),
            ThreePublic(t.Sg, year),
            Coded(t.Jj.Meta, "功能分类科目", year, ["小计", "基本支出", "项目支出"], Function(t.Jj)),
            TwoSided(t.Sz.Meta, 2, ["项目", "预算数", "项目", "预算数"],
                [.. t.Sz.Income.Select(i => new[] { i.Label, i.HasAmount ? i.Amount : null })],
                [.. t.Sz.Expenditure.Select(e => new[] { e.Name, e.HasAmount ? e.Amount : null })],
                [t.Sz.IncomeTotal.Label, Amount(t.Sz.IncomeTotal), t.Sz.ExpenditureTotal.Label, Amount(t.Sz.ExpenditureTotal)], totalsFirst: true),
            Coded(t.Sr.Meta, "科目", null, ["总计", "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入", "财政专户管理资金收入", "事业收入", "上级补助收入", "附属单位上缴收入", "事业单位经营收入", "其他收入"],
                Rows(t.Sr.Rows.Select(Income), t.Sr.TotalRow is { } sr ? Income(sr) : null)),
            Coded(t.Zc.Meta, "科目", null, ["合计", "基本支出", "项目支出"], Function(t.Zc)),
        ];
    }

    private static List<string?[]> Function(FunctionExpenditureTable table) =>
        Rows(table.Rows.Select(r => Row(r.Code, r.Name, Get(r.HasTotal, r.Total), Get(r.HasBasic, r.Basic), Get(r.HasProject, r.Project))),
            table.TotalRow is { } total ? Row("", "合计", Get(total.HasTotal, total.Total), Get(total.HasBasic, total.Basic), Get(total.HasProject, total.Project)) : null);

    private static string?[] Income(IncomeBySourceRow r) => Row(r.Code, r.Code.Length == 0 ? "合计" : r.Name,
        Get(r.HasTotal, r.Total), Get(r.HasGeneralBudget, r.GeneralBudget), Get(r.HasGovernmentFund, r.GovernmentFund), Get(r.HasStateCapital, r.StateCapital),
        Get(r.HasFiscalSpecialAccount, r.FiscalSpecialAccount), Get(r.HasInstitutionIncome, r.InstitutionIncome), Get(r.HasSuperiorSubsidy, r.SuperiorSubsidy),
        Get(r.HasSubordinateRemittance, r.SubordinateRemittance), Get(r.HasOperatingIncome, r.OperatingIncome), Get(r.HasOtherIncome, r.OtherIncome));

    /// <summary>The 合计 row first, as Chongqing prints it, then the coded rows.</summary>
    private static List<string?[]> Rows(IEnumerable<string?[]> rows, string?[]? total) => [.. total is null ? [] : new[] { total }, .. rows];

    /// <summary>A coded table: the classification over 科目编码 and 科目名称, the year over the amounts (or each amount merged down).</summary>
    private static Sheet Coded(TableMeta meta, string classification, string? group, string[] amounts, List<string?[]> rows)
    {
        var (sheet, r) = Heading(meta, 2 + amounts.Length);
        sheet.Text(r, 1, classification, columns: 2);
        if (group is not null)
        {
            sheet.Text(r, 3, group, columns: amounts.Length);
        }

        sheet.Text(r + 1, 1, "科目编码");
        sheet.Text(r + 1, 2, "科目名称");
        for (var k = 0; k < amounts.Length; k++)
        {
            sheet.Text(group is null ? r : r + 1, 3 + k, amounts[k], rows: group is null ? 2 : 1);
        }

        r += 2;
        foreach (var row in rows)
        {
            if (row[0] is { Length: > 0 } code)
            {
                sheet.Text(r, 1, code);
            }

            sheet.Text(r, 2, row[1] ?? string.Empty);
            for (var k = 0; k < amounts.Length; k++)
            {
                sheet.Amount(r, 3 + k, 2 + k < row.Length ? row[2 + k] : null, grouped: true);
            }

            r++;
        }

        return sheet;
    }

    /// <summary>CZ and SZ: income on the left, expenditure on the right of the same rows; totals on the first or the last row.</summary>
    private static Sheet TwoSided(TableMeta meta, int right, string[] header, List<string?[]> income, List<string?[]> expenditure, string?[] totals, bool totalsFirst = false)
    {
        var (sheet, r) = Heading(meta, header.Length);
        sheet.Text(r, 1, "收入", columns: 2);
        sheet.Text(r, 3, "支出", columns: right);
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Text(r + 1, c + 1, header[c]);
        }

        r += 2;
        var lines = Enumerable.Range(0, Math.Max(income.Count, expenditure.Count))
            .Select(i => (Left: i < income.Count ? income[i] : [], Right: i < expenditure.Count ? expenditure[i] : [])).ToList();
        (string?[] Left, string?[] Right) total = (totals[..2], totals[2..]);
        foreach (var (left, rightSide) in totalsFirst ? lines.Prepend(total) : lines.Append(total))
        {
            sheet.Side(r, 1, left);
            sheet.Side(r, 3, rightSide);
            r++;
        }

        return sheet;
    }

    /// <summary>SG as Chongqing prints it: the year over 合计, 因公出国（境）费, 公务用车购置及运行费 (小计 购置费 运行费), 公务接待费.</summary>
    private static Sheet ThreePublic(ThreePublicExpensesTable table, string year)
    {
        var (sheet, r) = Heading(table.Meta, 6);
        sheet.Text(r, 1, year, columns: 6);
        sheet.Text(r + 1, 1, "合计", rows: 2);
        sheet.Text(r + 1, 2, "因公出国（境）费", rows: 2);
        sheet.Text(r + 1, 3, "公务用车购置及运行费", columns: 3);
        sheet.Text(r + 1, 6, "公务接待费", rows: 2);
        sheet.Text(r + 2, 3, "小计");
        sheet.Text(r + 2, 4, "公务用车购置费");
        sheet.Text(r + 2, 5, "公务用车运行费");
        var f = table.CurrentYear;
        string?[] figures = [Get(f.HasTotal, f.Total), Get(f.HasOutboundTravel, f.OutboundTravel), Get(f.HasVehiclesSubtotal, f.VehiclesSubtotal), Get(f.HasVehiclePurchase, f.VehiclePurchase), Get(f.HasVehicleOperation, f.VehicleOperation), Get(f.HasReception, f.Reception)];
        for (var k = 0; k < figures.Length; k++)
        {
            sheet.Amount(r + 3, k + 1, figures[k], grouped: true);
        }

        return sheet;
    }

    /// <summary>附件N, the title (its parenthesised subtitle on the next row), 单位 at the right; returns the first header row.</summary>
    private static (Sheet Sheet, int Row) Heading(TableMeta meta, int width)
    {
        var sheet = new Sheet(meta.AnnexLabel);
        sheet.Text(1, 1, meta.AnnexLabel);
        var title = meta.PrintedTitle;
        var subtitle = title.EndsWith('）') && title.LastIndexOf('（') is > 0 and var open ? title[open..] : null;
        sheet.Text(2, 1, subtitle is null ? title : title[..^subtitle.Length], columns: width);
        var r = 3;
        if (subtitle is not null)
        {
            sheet.Text(r++, 1, subtitle, columns: width);
        }

        sheet.Text(r++, width, meta.Unit == AmountUnit.TenThousandYuan ? "单位：万元" : "单位：元");
        return (sheet, r);
    }

    private static string?[] Row(string code, string name, params string?[] amounts) => [code, name, .. amounts];

    private static string?[] Split(FundSplitRow row) =>
        [row.Name, Get(row.HasTotal, row.Total), Get(row.HasGeneralBudget, row.GeneralBudget), Get(row.HasGovernmentFund, row.GovernmentFund), Get(row.HasStateCapital, row.StateCapital)];

    private static string? Amount(LabeledAmount amount) => amount.HasAmount ? amount.Amount : null;

    private static string? Get(bool has, string value) => has ? value : null;
}
