using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// CZ and SZ print income on the left and expenditure on the right of the same rows. The left side is a label and an
/// amount; the right side a label and one (SZ) or four (CZ: 合计 and the three funds) amounts. Lines are told apart
/// by their labels, never by position, so a total printed first (SZ) or a missing carry-over line changes nothing.
/// Function 类 codes are not printed here: <see cref="ClassCodes"/> fills them once every table is read.
/// </summary>
internal static class TwoSidedReader
{
    private static readonly HashSet<string> HeadingWords = ["收入", "支出", "项目", "预算数", "合计", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算"];

    public static FiscalFundsOverviewTable FiscalFunds(Section section, TableMeta meta)
    {
        var table = new FiscalFundsOverviewTable { Meta = meta };
        var afterCarryover = false;
        foreach (var row in section.Rows)
        {
            if (IsHeading(row) || row.IsBlank)
            {
                row.Placed = true;
                continue;
            }

            if (!Fits(row, 7))
            {
                row.Placed = false;
                continue;
            }

            var income = Income(row, ref afterCarryover, table);
            var expenditure = Expenditure(row, table);
            row.Placed = income && expenditure;
        }

        meta.State = table.ExpenditureByFunction.Count > 0 || table.IncomeTotal is not null ? TableState.Rows : TableState.DeclaredEmpty;
        meta.Notes.AddRange(section.Remarks);
        return table;
    }

    public static DepartmentOverviewTable Department(Section section, TableMeta meta)
    {
        var table = new DepartmentOverviewTable { Meta = meta };
        foreach (var row in section.Rows)
        {
            if (IsHeading(row) || row.IsBlank)
            {
                row.Placed = true;
                continue;
            }

            if (!Fits(row, 4))
            {
                row.Placed = false;
                continue;
            }

            var placed = true;
            if (row.Cell(0) is { Length: > 0 } label)
            {
                var amount = Labeled(label, row.Cell(1));
                if (IsTotal(label, "收入"))
                {
                    table.IncomeTotal = amount;
                }
                else if (Source(label) is { } source)
                {
                    var line = new IncomeLine { Source = source, Label = label };
                    if (amount.HasAmount)
                    {
                        line.Amount = amount.Amount;
                    }

                    table.Income.Add(line);
                }
                else
                {
                    placed = false;
                }
            }
            else
            {
                placed = row.Cell(1).Length == 0;
            }

            if (row.Cell(2) is { Length: > 0 } name)
            {
                if (IsTotal(name, "支出"))
                {
                    table.ExpenditureTotal = Labeled(name, row.Cell(3));
                }
                else
                {
                    var line = new FunctionAmountLine { Name = name };
                    if (Amounts.Parse(row.Cell(3)) is { } value)
                    {
                        line.Amount = value;
                    }

                    table.Expenditure.Add(line);
                }
            }
            else
            {
                placed &= row.Cell(3).Length == 0;
            }

            row.Placed = placed;
        }

        meta.State = table.Income.Count + table.Expenditure.Count > 0 ? TableState.Rows : TableState.DeclaredEmpty;
        meta.Notes.AddRange(section.Remarks);
        return table;
    }

    private static bool Income(Row row, ref bool afterCarryover, FiscalFundsOverviewTable table)
    {
        var label = row.Cell(0);
        if (label.Length == 0)
        {
            return row.Cell(1).Length == 0;
        }

        var amount = Labeled(label, row.Cell(1));
        if (label.Contains("本年收入", StringComparison.Ordinal))
        {
            table.CurrentYearIncome = amount;
        }
        else if (label.Contains("上年结转", StringComparison.Ordinal))
        {
            table.CarryoverIncome = amount;
            afterCarryover = true;
        }
        else if (IsTotal(label, "收入"))
        {
            table.IncomeTotal = amount;
        }
        else if (label.Contains("一般公共预算", StringComparison.Ordinal))
        {
            _ = afterCarryover ? table.CarryoverGeneralBudget = amount : table.GeneralBudgetIncome = amount;
        }
        else if (label.Contains("政府性基金", StringComparison.Ordinal))
        {
            _ = afterCarryover ? table.CarryoverGovernmentFund = amount : table.GovernmentFundIncome = amount;
        }
        else if (label.Contains("国有资本经营", StringComparison.Ordinal))
        {
            _ = afterCarryover ? table.CarryoverStateCapital = amount : table.StateCapitalIncome = amount;
        }
        else
        {
            return false;
        }

        return true;
    }

    private static bool Expenditure(Row row, FiscalFundsOverviewTable table)
    {
        var name = row.Cell(2);
        if (name.Length == 0)
        {
            return row.Cells.Skip(3).All(c => c.Trim().Length == 0);
        }

        var split = new FundSplitRow { Name = name };
        string?[] amounts = [.. Enumerable.Range(3, 4).Select(i => Amounts.Parse(row.Cell(i)))];
        if (amounts[0] is { } total) split.Total = total;
        if (amounts[1] is { } general) split.GeneralBudget = general;
        if (amounts[2] is { } fund) split.GovernmentFund = fund;
        if (amounts[3] is { } capital) split.StateCapital = capital;

        if (name.Contains("本年支出", StringComparison.Ordinal))
        {
            table.CurrentYearExpenditure = split;
        }
        else if (name.Contains("结转下年", StringComparison.Ordinal))
        {
            table.CarryForward = split;
        }
        else if (IsTotal(name, "支出"))
        {
            table.ExpenditureTotal = split;
        }
        else
        {
            table.ExpenditureByFunction.Add(split);
        }

        return true;
    }

    /// <summary>
    /// A row of this layout: no cells beyond its width, labels where labels belong and no words where amounts belong.
    /// A row that lost a blank cell (layout text) shifts words into amount columns: it is reported, not read.
    /// </summary>
    private static bool Fits(Row row, int width) =>
        row.Cells.Skip(width).All(c => c.Trim().Length == 0)
        && !Amounts.IsNumber(row.Cell(0)) && !Amounts.IsNumber(row.Cell(2))
        && !CodedRows.IsCode(row.Cell(0)) && !CodedRows.IsCode(row.Cell(2))
        && Enumerable.Range(0, width).Where(i => i is not (0 or 2)).All(i => !row.Cell(i).Any(IsHan));

    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF';

    /// <summary>`合计`, or `收入合计`/`收入总计` on the income side (`支出…` on the other).</summary>
    private static bool IsTotal(string label, string side) =>
        CodedRows.IsTotalLabel(label) || label == side + "合计" || label == side + "总计";

    private static LabeledAmount Labeled(string label, string cell)
    {
        var labeled = new LabeledAmount { Label = label };
        if (Amounts.Parse(cell) is { } amount)
        {
            labeled.Amount = amount;
        }

        return labeled;
    }

    private static IncomeSource? Source(string label) => label switch
    {
        _ when label.Contains("上年结转", StringComparison.Ordinal) => IncomeSource.Carryover,
        _ when label.Contains("一般公共预算", StringComparison.Ordinal) => IncomeSource.GeneralBudget,
        _ when label.Contains("政府性基金", StringComparison.Ordinal) => IncomeSource.GovernmentFund,
        _ when label.Contains("国有资本经营", StringComparison.Ordinal) => IncomeSource.StateCapital,
        _ when label.Contains("财政专户", StringComparison.Ordinal) => IncomeSource.FiscalSpecialAccount,
        _ when label.Contains("经营收入", StringComparison.Ordinal) => IncomeSource.OperatingIncome,
        _ when label.Contains("事业收入", StringComparison.Ordinal) => IncomeSource.InstitutionIncome,
        _ when label.Contains("上级补助", StringComparison.Ordinal) => IncomeSource.SuperiorSubsidy,
        _ when label.Contains("附属单位", StringComparison.Ordinal) => IncomeSource.SubordinateRemittance,
        _ when label.Contains("其他收入", StringComparison.Ordinal) => IncomeSource.Other,
        _ when label.Contains("财政拨款", StringComparison.Ordinal) => IncomeSource.FiscalAppropriation,
        _ => null,
    };

    private static bool IsHeading(Row row) => row.Filled.Any() && row.Filled.All(HeadingWords.Contains);
}
