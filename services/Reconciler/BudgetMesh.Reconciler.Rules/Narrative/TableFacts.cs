using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.Text;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>One table cell a narrative figure is compared with.</summary>
/// <param name="Table">The table.</param>
/// <param name="RowCode">The row's code ("" for a total row or a labelled line).</param>
/// <param name="Column">The proto field name of the cell.</param>
/// <param name="RowIndex">Zero-based printed row index; −1 for a total row or a labelled field.</param>
/// <param name="Amount">The cell.</param>
/// <param name="Unit">The table's unit.</param>
/// <param name="Name">How a message names it, e.g. "部门支出总表201类合计".</param>
internal sealed record TableCell(TableKey Table, string RowCode, string Column, int RowIndex, Amount Amount, AmountUnit Unit, string Name)
{
    /// <summary>The cell as a report location.</summary>
    public Location ToLocation() => new()
    {
        Table = Table,
        RowCode = RowCode,
        Column = Column,
        RowIndex = RowIndex,
        Label = Name,
    };
}

/// <summary>The answer to "what does the table say": a cell, or why no table can say.</summary>
/// <param name="Cell">The cell, when a table answers.</param>
/// <param name="Missing">Why nothing answers (table absent, kind not printed), in Chinese.</param>
internal sealed record TableAnswer(TableCell? Cell, string Missing)
{
    public static TableAnswer None(string why) => new(null, why);
}

/// <summary>Reads the table quantities narrative figures are bound to.</summary>
internal sealed partial class TableFacts
{
    private readonly AnnexTables tables;

    // The tables cannot change during a run: fold the printed names once, not for every binder call.
    private IReadOnlyList<(string Code, string Name)>? printedClasses;
    private FunctionRows? functionRows;

    public TableFacts(AnnexTables? tables)
    {
        this.tables = tables ?? new AnnexTables();
    }

    /// <summary>Function 类 codes and names as the package's GF, ZC, JJ and GZ print them (CZ is left out: it
    /// prints names without codes, and seed 001 shows how wrong they can be).</summary>
    public IReadOnlyList<(string Code, string Name)> PrintedClasses() => printedClasses ??= [.. ReadPrintedClasses()];

    private IEnumerable<(string Code, string Name)> ReadPrintedClasses()
    {
        foreach (var table in new[] { tables.Gf, tables.Zc, tables.Jj, tables.Gz })
        {
            if (table is null)
            {
                continue;
            }

            foreach (var row in table.Rows)
            {
                var code = row.Code.Trim();
                if (code.Length == 3 && !string.IsNullOrWhiteSpace(row.Name))
                {
                    yield return (code, NormalizedText.Fold(row.Name));
                }
            }
        }
    }

    /// <summary>The table cell a quantity is compared with.</summary>
    public TableAnswer Find(Quantity quantity) => quantity.Kind switch
    {
        QuantityKind.IncomeTotal => quantity.Scope == Scope.Department
            ? First(SzLabeled(tables.Sz?.IncomeTotal, "income_total", "部门收支总表收入合计"), CzLabeled(tables.Cz?.IncomeTotal, "income_total", "财政拨款收支总表收入合计"))
            : First(CzLabeled(tables.Cz?.IncomeTotal, "income_total", "财政拨款收支总表收入合计")),
        QuantityKind.IncomeBySource => IncomeBySource(quantity),
        QuantityKind.ExpenditureTotal => quantity.Scope == Scope.Department
            ? First(SzLabeled(tables.Sz?.ExpenditureTotal, "expenditure_total", "部门收支总表支出合计"), FunctionTotal(tables.Zc, TableKey.Zc, "total"), CzFund(tables.Cz?.ExpenditureTotal, "total"))
            : First(CzFund(tables.Cz?.ExpenditureTotal, "total"), FunctionTotal(tables.Gf, TableKey.Gf, "total")),
        QuantityKind.ExpenditureByFund => quantity.Detail switch
        {
            "general_budget" => First(FunctionTotal(tables.Gf, TableKey.Gf, "total"), CzFund(tables.Cz?.ExpenditureTotal, "general_budget")),
            "government_fund" => First(FunctionTotal(tables.Jj, TableKey.Jj, "total"), CzFund(tables.Cz?.ExpenditureTotal, "government_fund")),
            _ => First(FunctionTotal(tables.Gz, TableKey.Gz, "total"), CzFund(tables.Cz?.ExpenditureTotal, "state_capital")),
        },
        QuantityKind.FunctionClass when quantity.Detail.Length > 3 => quantity.Scope == Scope.Department
            ? First(PrintedRow(tables.Zc, TableKey.Zc, quantity.Detail), PrintedRow(tables.Gf, TableKey.Gf, quantity.Detail))
            : First(PrintedRow(tables.Gf, TableKey.Gf, quantity.Detail), PrintedRow(tables.Zc, TableKey.Zc, quantity.Detail)),
        QuantityKind.FunctionClass => quantity.Scope == Scope.Department
            ? First(FunctionRow(tables.Zc, TableKey.Zc, quantity.Detail), SzExpenditure(quantity.Detail), FunctionRow(tables.Gf, TableKey.Gf, quantity.Detail))
            : First(FunctionRow(tables.Gf, TableKey.Gf, quantity.Detail), CzClass(quantity.Detail)),
        QuantityKind.Basic => quantity.Scope == Scope.Department
            ? First(FunctionTotal(tables.Zc, TableKey.Zc, "basic"), FunctionTotal(tables.Gf, TableKey.Gf, "basic"))
            : First(FunctionTotal(tables.Gf, TableKey.Gf, "basic")),
        QuantityKind.Project => quantity.Scope == Scope.Department
            ? First(FunctionTotal(tables.Zc, TableKey.Zc, "project"), FunctionTotal(tables.Gf, TableKey.Gf, "project"))
            : First(FunctionTotal(tables.Gf, TableKey.Gf, "project")),
        QuantityKind.Personnel => First(JbTotal("personnel")),
        QuantityKind.PublicUse or QuantityKind.AgencyOperating => First(JbTotal("public_use")),
        QuantityKind.Procurement => Procurement(quantity),
        _ => TableAnswer.None("该数字由其他服务核对"),
    };

    /// <summary>The JJ/GZ figure a "无政府性基金"/"无国有资本经营" statement is checked against.</summary>
    public TableCell? FundTable(string fund)
    {
        var table = fund == "government_fund" ? tables.Jj : tables.Gz;
        var key = fund == "government_fund" ? TableKey.Jj : TableKey.Gz;
        if (table is not null)
        {
            var total = FunctionTotal(table, key, "total");
            if (total is not null && !total.Amount.IsBlank)
            {
                return total;
            }

            // No printed total: the largest row says whether there is money.
            for (var i = 0; i < table.Rows.Count; i++)
            {
                var amount = Amount.Parse(table.Rows[i].Total);
                if (amount.IsUnparseable || (amount.IsNumber && amount.Value != 0))
                {
                    return new TableCell(key, table.Rows[i].Code, "total", i, amount, table.Meta?.Unit ?? AmountUnit.Unspecified, $"{TableNames.Of(key)}{table.Rows[i].Code}合计");
                }
            }

            return total ?? new TableCell(key, string.Empty, "total", -1, Amount.Blank, table.Meta?.Unit ?? AmountUnit.Unspecified, $"{TableNames.Of(key)}合计");
        }

        return CzFund(tables.Cz?.ExpenditureTotal, fund);
    }

    private static bool SameValue(TableCell a, TableCell b) =>
        a.Amount.IsNumber && b.Amount.IsNumber
        && Math.Abs(Units.Convert(a.Amount.Value, a.Unit, b.Unit) - b.Amount.Value) <= Units.NarrativeTolerance(b.Unit);

    private static TableAnswer First(params TableCell?[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (candidate is not null)
            {
                return new TableAnswer(candidate, string.Empty);
            }
        }

        return TableAnswer.None("相关附表未公开");
    }

    private TableAnswer IncomeBySource(Quantity quantity)
    {
        var source = quantity.Detail;
        var fiscal = source switch
        {
            "general_budget" => CzLabeled(tables.Cz?.GeneralBudgetIncome, "general_budget_income", "财政拨款收支总表一般公共预算资金"),
            "government_fund" => CzLabeled(tables.Cz?.GovernmentFundIncome, "government_fund_income", "财政拨款收支总表政府性基金预算资金"),
            "state_capital" => CzLabeled(tables.Cz?.StateCapitalIncome, "state_capital_income", "财政拨款收支总表国有资本经营预算资金"),
            "carryover" => CzLabeled(tables.Cz?.CarryoverIncome, "carryover_income", "财政拨款收支总表上年结转"),
            _ => null,
        };
        return quantity.Scope == Scope.Fiscal ? First(fiscal, SzIncome(source)) : First(SzIncome(source), fiscal);
    }

    private TableCell? SzIncome(string source)
    {
        var sz = tables.Sz;
        if (sz is null)
        {
            return null;
        }

        var wanted = source switch
        {
            "general_budget" => IncomeSource.GeneralBudget,
            "government_fund" => IncomeSource.GovernmentFund,
            "state_capital" => IncomeSource.StateCapital,
            "fiscal_special_account" => IncomeSource.FiscalSpecialAccount,
            "institution_income" => IncomeSource.InstitutionIncome,
            "superior_subsidy" => IncomeSource.SuperiorSubsidy,
            "subordinate_remittance" => IncomeSource.SubordinateRemittance,
            "operating_income" => IncomeSource.OperatingIncome,
            "other_income" => IncomeSource.Other,
            "carryover" => IncomeSource.Carryover,
            _ => IncomeSource.Unspecified,
        };
        var unit = sz.Meta?.Unit ?? AmountUnit.Unspecified;
        for (var i = 0; i < sz.Income.Count; i++)
        {
            if (sz.Income[i].Source == wanted)
            {
                return new TableCell(TableKey.Sz, string.Empty, "amount", i, Amount.Parse(sz.Income[i].Amount), unit, $"部门收支总表{sz.Income[i].Label}");
            }
        }

        // The line is not printed at all: the department has no such income.
        return new TableCell(TableKey.Sz, string.Empty, "amount", -1, Amount.Blank, unit, "部门收支总表（未列该收入）");
    }

    private TableCell? SzExpenditure(string code)
    {
        var sz = tables.Sz;
        if (sz is null)
        {
            return null;
        }

        var unit = sz.Meta?.Unit ?? AmountUnit.Unspecified;
        for (var i = 0; i < sz.Expenditure.Count; i++)
        {
            if (sz.Expenditure[i].Code.Trim() == code)
            {
                return new TableCell(TableKey.Sz, code, "amount", i, Amount.Parse(sz.Expenditure[i].Amount), unit, $"部门收支总表{code}类支出");
            }
        }

        return new TableCell(TableKey.Sz, code, "amount", -1, Amount.Blank, unit, $"部门收支总表（未列{code}类）");
    }

    private TableCell? SzLabeled(LabeledAmount? line, string column, string name) =>
        tables.Sz is null || line is null ? null : new TableCell(TableKey.Sz, string.Empty, column, -1, Amount.Parse(line.HasAmount ? line.Amount : null), tables.Sz.Meta?.Unit ?? AmountUnit.Unspecified, name);

    private TableCell? CzLabeled(LabeledAmount? line, string column, string name) =>
        tables.Cz is null || line is null ? null : new TableCell(TableKey.Cz, string.Empty, column, -1, Amount.Parse(line.HasAmount ? line.Amount : null), tables.Cz.Meta?.Unit ?? AmountUnit.Unspecified, name);

    private TableCell? CzFund(FundSplitRow? row, string column)
    {
        if (tables.Cz is null || row is null)
        {
            return null;
        }

        var printed = column switch
        {
            "total" => row.HasTotal ? row.Total : null,
            "general_budget" => row.HasGeneralBudget ? row.GeneralBudget : null,
            "government_fund" => row.HasGovernmentFund ? row.GovernmentFund : null,
            _ => row.HasStateCapital ? row.StateCapital : null,
        };
        return new TableCell(TableKey.Cz, string.Empty, "expenditure_total." + column, -1, Amount.Parse(printed), tables.Cz.Meta?.Unit ?? AmountUnit.Unspecified, $"财政拨款收支总表支出合计（{ColumnName(column)}）");
    }

    private TableCell? CzClass(string code)
    {
        var cz = tables.Cz;
        if (cz is null)
        {
            return null;
        }

        for (var i = 0; i < cz.ExpenditureByFunction.Count; i++)
        {
            var row = cz.ExpenditureByFunction[i];
            if (row.Code.Trim() == code)
            {
                return new TableCell(TableKey.Cz, code, "general_budget", i, Amount.Parse(row.HasGeneralBudget ? row.GeneralBudget : null), cz.Meta?.Unit ?? AmountUnit.Unspecified, $"财政拨款收支总表{code}类一般公共预算");
            }
        }

        return new TableCell(TableKey.Cz, code, "general_budget", -1, Amount.Blank, cz.Meta?.Unit ?? AmountUnit.Unspecified, $"财政拨款收支总表（未列{code}类）");
    }

    private static TableCell? FunctionTotal(FunctionExpenditureTable? table, TableKey key, string column)
    {
        if (table is null)
        {
            return null;
        }

        var unit = table.Meta?.Unit ?? AmountUnit.Unspecified;
        if (table.Meta?.State == TableState.DeclaredEmpty && (table.TotalRow is null || !HasColumn(table.TotalRow, column)))
        {
            // Printed empty: the table says there is nothing, which is 0.
            return new TableCell(key, string.Empty, column, -1, Amount.Parse("0"), unit, $"{TableNames.Of(key)}（无数据）");
        }

        if (table.TotalRow is null)
        {
            return null;
        }

        var name = column == "total" ? $"{TableNames.Of(key)}合计" : $"{TableNames.Of(key)}{ColumnName(column)}合计";
        return new TableCell(key, string.Empty, column, -1, Amount.Parse(Column(table.TotalRow, column)), unit, name);
    }

    private static TableCell? FunctionRow(FunctionExpenditureTable? table, TableKey key, string code)
    {
        if (table is null)
        {
            return null;
        }

        var unit = table.Meta?.Unit ?? AmountUnit.Unspecified;
        var index = IndexOf(table, code);
        return index < 0
            ? new TableCell(key, code, "total", -1, Amount.Blank, unit, $"{TableNames.Of(key)}（未列{code}类）")
            : new TableCell(key, code, "total", index, Amount.Parse(Column(table.Rows[index], "total")), unit, $"{TableNames.Of(key)}{code}{Quantity.Level(code)}合计");
    }

    private static int IndexOf(FunctionExpenditureTable table, string code)
    {
        for (var i = 0; i < table.Rows.Count; i++)
        {
            if (table.Rows[i].Code.Trim() == code)
            {
                return i;
            }
        }

        return -1;
    }

    private TableCell? JbTotal(string column)
    {
        var jb = tables.Jb;
        if (jb?.TotalRow is null)
        {
            return null;
        }

        var printed = column == "personnel"
            ? (jb.TotalRow.HasPersonnel ? jb.TotalRow.Personnel : null)
            : (jb.TotalRow.HasPublicUse ? jb.TotalRow.PublicUse : null);
        return new TableCell(TableKey.Jb, string.Empty, column, -1, Amount.Parse(printed), jb.Meta?.Unit ?? AmountUnit.Unspecified, $"一般公共预算财政拨款基本支出预算表{ColumnName(column)}合计");
    }

    private static bool HasColumn(FunctionExpenditureRow row, string column) => column switch
    {
        "total" => row.HasTotal,
        "basic" => row.HasBasic,
        "project" => row.HasProject,
        _ => row.HasPriorYear,
    };

    private static string? Column(FunctionExpenditureRow row, string column) => column switch
    {
        "total" => row.HasTotal ? row.Total : null,
        "basic" => row.HasBasic ? row.Basic : null,
        "project" => row.HasProject ? row.Project : null,
        _ => row.HasPriorYear ? row.PriorYear : null,
    };

    private static string ColumnName(string column) => column switch
    {
        "total" => "合计",
        "basic" => "基本支出",
        "project" => "项目支出",
        "personnel" => "人员经费",
        "public_use" => "日常公用经费",
        "general_budget" => "一般公共预算",
        "government_fund" => "政府性基金预算",
        "state_capital" => "国有资本经营预算",
        _ => column,
    };
}
