using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// Writes a Shanghai department's nine tables as a district publishes annex tables in Excel: one sheet per table, the
/// title row, the 编制部门/单位 row, the printed multi-row header with merged cells (项目 over 功能分类科目编码 over 类 款 项,
/// 合计 down two rows), 类/款/项 in split columns, amounts as number cells shown with the printed decimals, blank cells
/// left blank, notes below. The source is a package (the hand-made fixture of the PDF): the workbook is constructed, not
/// published (see tests/fixtures/constructed/README.md).
/// </summary>
internal static class ShanghaiWorkbook
{
    public static IReadOnlyList<Sheet> Sheets(BudgetPackage package)
    {
        var t = package.Tables;
        var compiler = "编制部门：" + package.Header.DepartmentName;
        return
        [
            TwoSided("财务收支", t.Sz.Meta, compiler, ["本年收入", "本年支出"], ["项目", "预算数", "项目", "预算数"],
                t.Sz.Income.Select(i => new[] { i.Label, i.HasAmount ? i.Amount : null }).ToList(),
                t.Sz.Expenditure.Select(e => new[] { e.Name, e.HasAmount ? e.Amount : null }).ToList(),
                [t.Sz.IncomeTotal.Label, Amount(t.Sz.IncomeTotal), t.Sz.ExpenditureTotal.Label, Amount(t.Sz.ExpenditureTotal)]),
            Coded("收入", t.Sr.Meta, compiler, "收入预算", ["合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"], 3, "功能分类科目",
                t.Sr.Rows.Select(r => Row(r.Code, r.Name, Get(r.HasTotal, r.Total), Get(r.HasFiscalAppropriation, r.FiscalAppropriation), Get(r.HasInstitutionIncome, r.InstitutionIncome), Get(r.HasOperatingIncome, r.OperatingIncome), Get(r.HasOtherIncome, r.OtherIncome))),
                Row("", "合计", Get(t.Sr.TotalRow.HasTotal, t.Sr.TotalRow.Total), Get(t.Sr.TotalRow.HasFiscalAppropriation, t.Sr.TotalRow.FiscalAppropriation), Get(t.Sr.TotalRow.HasInstitutionIncome, t.Sr.TotalRow.InstitutionIncome), Get(t.Sr.TotalRow.HasOperatingIncome, t.Sr.TotalRow.OperatingIncome), Get(t.Sr.TotalRow.HasOtherIncome, t.Sr.TotalRow.OtherIncome))),
            Function("支出", t.Zc, compiler, "支出预算"),
            TwoSided("财政拨款", t.Cz.Meta, compiler, ["财政拨款收入", "财政拨款支出"], ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
                new[] { t.Cz.GeneralBudgetIncome, t.Cz.GovernmentFundIncome, t.Cz.StateCapitalIncome }.Where(i => i is not null).Select(i => new[] { i.Label, Amount(i) }).ToList(),
                t.Cz.ExpenditureByFunction.Select(Split).ToList(),
                [t.Cz.IncomeTotal.Label, Amount(t.Cz.IncomeTotal), .. Split(t.Cz.ExpenditureTotal)]),
            Function("一般公共预算", t.Gf, compiler, "一般公共预算支出"),
            Function("政府性基金", t.Jj, compiler, "政府性基金预算支出"),
            Function("国有资本经营", t.Gz, compiler, "国有资本经营预算支出"),
            Coded("基本支出", t.Jb.Meta, compiler, "一般公共预算基本支出", ["合计", "人员经费", "公用经费"], 2, "部门预算经济分类科目",
                t.Jb.Rows.Select(r => Row(r.Code, r.Name, Get(r.HasTotal, r.Total), Get(r.HasPersonnel, r.Personnel), Get(r.HasPublicUse, r.PublicUse))),
                Row("", "合计", Get(t.Jb.TotalRow.HasTotal, t.Jb.TotalRow.Total), Get(t.Jb.TotalRow.HasPersonnel, t.Jb.TotalRow.Personnel), Get(t.Jb.TotalRow.HasPublicUse, t.Jb.TotalRow.PublicUse))),
            ThreePublic(t.Sg, compiler),
        ];
    }

    private static Sheet Function(string name, FunctionExpenditureTable table, string compiler, string group) =>
        Coded(name, table.Meta, compiler, group, ["合计", "基本支出", "项目支出"], 3, "功能分类科目",
            table.Rows.Select(r => Row(r.Code, r.Name, Get(r.HasTotal, r.Total), Get(r.HasBasic, r.Basic), Get(r.HasProject, r.Project))),
            table.TotalRow is { } total ? Row("", "合计", Get(total.HasTotal, total.Total), Get(total.HasBasic, total.Basic), Get(total.HasProject, total.Project)) : Row("", "合计"));

    /// <summary>
    /// A coded table: 项目 over the code group (类 款 项, or 类 款) and the name, the amounts' group over its columns; rows
    /// with the code split as printed, 合计 at the foot, then the notes (or, printed empty, 无 and the explanation).
    /// </summary>
    private static Sheet Coded(string name, TableMeta meta, string compiler, string group, string[] amounts, int levels, string classification,
        IEnumerable<string?[]> rows, string?[] total)
    {
        var width = levels + 1 + amounts.Length;
        var sheet = Heading(name, meta, compiler, width);
        sheet.Text(3, 1, "项目", columns: levels + 1);
        sheet.Text(3, levels + 2, group, columns: amounts.Length);
        sheet.Text(4, 1, classification + "编码", columns: levels);
        sheet.Text(4, levels + 1, levels == 3 ? "功能分类科目名称" : "经济分类科目名称", rows: 2);
        for (var k = 0; k < amounts.Length; k++)
        {
            sheet.Text(4, levels + 2 + k, amounts[k], rows: 2);
        }

        string[] parts = ["类", "款", "项"];
        for (var l = 0; l < levels; l++)
        {
            sheet.Text(5, l + 1, parts[l]);
        }

        var r = 6;
        var printed = rows.ToList();
        if (printed.Count == 0 && meta.State == TableState.DeclaredEmpty)
        {
            sheet.Text(r++, 1, "无");
        }

        foreach (var row in printed.Append(total))
        {
            var code = row[0] ?? string.Empty;
            for (var l = 0; l < levels && code.Length > 0; l++)
            {
                var (from, length) = l == 0 ? (0, 3) : (3 + (l - 1) * 2, 2);
                if (code.Length > from)
                {
                    sheet.Text(r, l + 1, code[from..Math.Min(code.Length, from + length)]);
                }
            }

            sheet.Text(r, levels + 1, row[1] ?? string.Empty);
            for (var k = 0; k < amounts.Length; k++)
            {
                sheet.Amount(r, levels + 2 + k, 2 + k < row.Length ? row[2 + k] : null);
            }

            r++;
        }

        Notes(sheet, meta, r);
        return sheet;
    }

    /// <summary>SZ and CZ: income on the left, expenditure on the right of the same rows, totals on the last row.</summary>
    private static Sheet TwoSided(string name, TableMeta meta, string compiler, string[] sides, string[] header, List<string?[]> income, List<string?[]> expenditure, string?[] totals)
    {
        var sheet = Heading(name, meta, compiler, header.Length);
        sheet.Text(3, 1, sides[0], columns: 2);
        sheet.Text(3, 3, sides[1], columns: header.Length - 2);
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Text(4, c + 1, header[c]);
        }

        var r = 5;
        for (var i = 0; i < Math.Max(income.Count, expenditure.Count); i++, r++)
        {
            sheet.Side(r, 1, i < income.Count ? income[i] : []);
            sheet.Side(r, 3, i < expenditure.Count ? expenditure[i] : []);
        }

        sheet.Side(r, 1, totals[..2]);
        sheet.Side(r, 3, totals[2..]);
        Notes(sheet, meta, r + 1);
        return sheet;
    }

    /// <summary>SG as Shanghai prints it: 合计, 因公出国(境)费, 公务接待费, then 公务用车购置及运行费 (小计 购置费 运行费), then 机关运行经费.</summary>
    private static Sheet ThreePublic(ThreePublicExpensesTable table, string compiler)
    {
        var sheet = Heading("三公", table.Meta, compiler, 7);
        sheet.Text(3, 1, "“三公”经费预算数", columns: 6);
        sheet.Text(3, 7, "机关运行经费预算数", rows: 3);
        sheet.Text(4, 1, "合计", rows: 2);
        sheet.Text(4, 2, "因公出国(境)费", rows: 2);
        sheet.Text(4, 3, "公务接待费", rows: 2);
        sheet.Text(4, 4, "公务用车购置及运行费", columns: 3);
        sheet.Text(5, 4, "小计");
        sheet.Text(5, 5, "购置费");
        sheet.Text(5, 6, "运行费");
        var f = table.CurrentYear;
        string?[] figures = [Get(f.HasTotal, f.Total), Get(f.HasOutboundTravel, f.OutboundTravel), Get(f.HasReception, f.Reception), Get(f.HasVehiclesSubtotal, f.VehiclesSubtotal), Get(f.HasVehiclePurchase, f.VehiclePurchase), Get(f.HasVehicleOperation, f.VehicleOperation), Get(f.HasAgencyOperating, f.AgencyOperating)];
        for (var k = 0; k < figures.Length; k++)
        {
            sheet.Amount(6, k + 1, figures[k]);
        }

        Notes(sheet, table.Meta, 7);
        return sheet;
    }

    private static Sheet Heading(string name, TableMeta meta, string compiler, int width)
    {
        var sheet = new Sheet(name);
        sheet.Text(1, 1, meta.PrintedTitle, columns: width);
        sheet.Text(2, 1, compiler, columns: width - 1);
        sheet.Text(2, width, meta.Unit == AmountUnit.TenThousandYuan ? "单位:万元" : "单位：元");
        return sheet;
    }

    private static void Notes(Sheet sheet, TableMeta meta, int row)
    {
        foreach (var note in meta.EmptyExplanation is { Length: > 0 } empty ? [empty, .. meta.Notes] : meta.Notes)
        {
            sheet.Text(row++, 1, "注:" + note);
        }
    }

    private static string?[] Row(string code, string name, params string?[] amounts) => [code, name, .. amounts];

    private static string?[] Split(FundSplitRow row) =>
        [row.Name, Get(row.HasTotal, row.Total), Get(row.HasGeneralBudget, row.GeneralBudget), Get(row.HasGovernmentFund, row.GovernmentFund), Get(row.HasStateCapital, row.StateCapital)];

    private static string? Amount(LabeledAmount amount) => amount.HasAmount ? amount.Amount : null;

    private static string? Get(bool has, string value) => has ? value : null;
}
