using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R1, R2, R3, R5, R6: identities inside one table.</summary>
internal static class WithinTableRules
{
    private static readonly string[] FundColumns = ["general_budget", "government_fund", "state_capital"];

    /// <summary>R1: CZ income total = expenditure total.</summary>
    public static void CzBalance(BudgetPackage package, RuleRun run)
    {
        var cz = package.Tables?.Cz;
        if (cz is null || cz.Meta?.State == TableState.DeclaredEmpty)
        {
            run.NotApplicable("本包未印财政拨款收支总表。");
            return;
        }

        var unit = cz.Meta?.Unit ?? AmountUnit.Unspecified;
        run.CheckSame(
            "财政拨款收支总表 收入合计与支出合计",
            Amount.Parse(cz.ExpenditureTotal?.HasTotal == true ? cz.ExpenditureTotal.Total : null), unit, FundRowAt(cz.ExpenditureTotal, -1, "total"),
            LabeledValue(cz.IncomeTotal), unit, LabeledAt(cz.IncomeTotal, "income_total"));
    }

    /// <summary>R1: every CZ expenditure line's total = its fund columns.</summary>
    public static void CzFunds(BudgetPackage package, RuleRun run)
    {
        var cz = package.Tables?.Cz;
        if (cz is null || cz.Meta?.State == TableState.DeclaredEmpty)
        {
            run.NotApplicable("本包未印财政拨款收支总表。");
            return;
        }

        var unit = cz.Meta?.Unit ?? AmountUnit.Unspecified;
        foreach (var (row, index) in CzLines(cz))
        {
            if (run.AddsUp(FundCell(row, "total"), [FundCell(row, "general_budget"), FundCell(row, "government_fund"), FundCell(row, "state_capital")]))
            {
                continue;
            }

            var terms = FundColumns.Select(c => (FundCell(row, c), FundRowAt(row, index, c))).ToList();
            run.CheckSum($"财政拨款收支总表“{row.Name.Trim()}”合计应等于各资金列之和", FundCell(row, "total"), FundRowAt(row, index, "total"), terms, unit);
        }
    }

    /// <summary>
    /// R1: CZ subtotals (本年收入, 上年结转, 收入合计, 本年支出, 支出合计) add up. A subtotal row the region's
    /// format does not print (Shanghai prints neither 本年收入 nor 上年结转) is not expected: the total is then
    /// checked against the lines that are printed.
    /// </summary>
    public static void CzSubtotals(BudgetPackage package, RuleRun run)
    {
        var cz = package.Tables?.Cz;
        if (cz is null || cz.Meta?.State == TableState.DeclaredEmpty)
        {
            run.NotApplicable("本包未印财政拨款收支总表。");
            return;
        }

        var profile = Profiles.RegionProfiles.For(package);
        var unit = cz.Meta?.Unit ?? AmountUnit.Unspecified;
        (Amount, Location)[] current = [Term(cz.GeneralBudgetIncome, "general_budget_income"), Term(cz.GovernmentFundIncome, "government_fund_income"), Term(cz.StateCapitalIncome, "state_capital_income")];
        (Amount, Location)[] carryover = [Term(cz.CarryoverGeneralBudget, "carryover_general_budget"), Term(cz.CarryoverGovernmentFund, "carryover_government_fund"), Term(cz.CarryoverStateCapital, "carryover_state_capital")];
        var currentPrinted = cz.CurrentYearIncome is not null || profile.PrintsCzRow("current_year_income");
        var carryoverPrinted = cz.CarryoverIncome is not null || profile.PrintsCzRow("carryover_income");
        if (currentPrinted)
        {
            run.CheckSum("财政拨款收支总表“一、本年收入”应等于各资金收入之和", LabeledValue(cz.CurrentYearIncome), LabeledAt(cz.CurrentYearIncome, "current_year_income"), current, unit);
        }

        if (carryoverPrinted)
        {
            run.CheckSum("财政拨款收支总表“二、上年结转”应等于各项结转之和", LabeledValue(cz.CarryoverIncome), LabeledAt(cz.CarryoverIncome, "carryover_income"), carryover, unit);
        }

        (Amount, Location)[] incomeTerms =
        [
            .. currentPrinted ? [Term(cz.CurrentYearIncome, "current_year_income")] : current,
            .. carryoverPrinted ? [Term(cz.CarryoverIncome, "carryover_income")] : carryover,
        ];
        run.CheckSum(
            currentPrinted && carryoverPrinted ? "财政拨款收支总表“收入合计”应等于本年收入与上年结转之和" : "财政拨款收支总表“收入总计”应等于各项收入之和",
            LabeledValue(cz.IncomeTotal), LabeledAt(cz.IncomeTotal, "income_total"), incomeTerms, unit);

        foreach (var column in (string[])["total", .. FundColumns])
        {
            if (cz.CurrentYearExpenditure is not null)
            {
                run.CheckSum(
                    $"财政拨款收支总表“一、本年支出”{Names.Column(column)}列应等于各功能分类之和",
                    FundCell(cz.CurrentYearExpenditure, column), FundRowAt(cz.CurrentYearExpenditure, -1, column),
                    [.. cz.ExpenditureByFunction.Select((row, i) => (FundCell(row, column), FundRowAt(row, i, column)))], unit);
            }

            if (cz.ExpenditureTotal is null)
            {
                continue;
            }

            if (cz.CurrentYearExpenditure is not null || profile.PrintsCzRow("current_year_expenditure"))
            {
                run.CheckSum(
                    $"财政拨款收支总表“支出合计”{Names.Column(column)}列应等于本年支出与结转下年之和",
                    FundCell(cz.ExpenditureTotal, column), FundRowAt(cz.ExpenditureTotal, -1, column),
                    [(FundCell(cz.CurrentYearExpenditure, column), FundRowAt(cz.CurrentYearExpenditure, -1, column)), (FundCell(cz.CarryForward, column), FundRowAt(cz.CarryForward, -1, column))], unit);
            }
            else
            {
                // No 本年支出 row in the region's format: the total is the functions' lines (and any carry-forward).
                run.CheckSum(
                    $"财政拨款收支总表“支出总计”{Names.Column(column)}列应等于各功能分类之和",
                    FundCell(cz.ExpenditureTotal, column), FundRowAt(cz.ExpenditureTotal, -1, column),
                    [.. cz.ExpenditureByFunction.Select((row, i) => (FundCell(row, column), FundRowAt(row, i, column))), (FundCell(cz.CarryForward, column), FundRowAt(cz.CarryForward, -1, column))], unit);
            }
        }
    }

    /// <summary>R2: in GF, JJ, GZ and ZC every row's total = basic + project.</summary>
    public static void RowSplit(BudgetPackage package, RuleRun run)
    {
        var any = false;
        foreach (var table in FunctionTables(package))
        {
            any = true;
            foreach (var row in WithTotal(table))
            {
                if (run.AddsUp(row["total"], [row["basic"], row["project"]]))
                {
                    continue;
                }

                run.CheckSum(
                    $"{TableNames.Of(table.Key)} {At.RowName(row)} 合计应等于基本支出与项目支出之和",
                    row["total"], At.Cell(table.Key, row, "total"),
                    [(row["basic"], At.Cell(table.Key, row, "basic")), (row["project"], At.Cell(table.Key, row, "project"))], table.Unit);
            }
        }

        if (!any)
        {
            run.NotApplicable("本包未印功能分类支出表（一般公共预算、政府性基金、国有资本经营、部门支出）。");
        }
    }

    /// <summary>R2: in GF, JJ, GZ and ZC the 合计 row = Σ 类 rows, in every column.</summary>
    public static void FunctionTotals(BudgetPackage package, RuleRun run)
    {
        var any = false;
        foreach (var table in FunctionTables(package))
        {
            any = true;
            CheckGrandTotal(table, run);
        }

        if (!any)
        {
            run.NotApplicable("本包未印功能分类支出表。");
        }
    }

    /// <summary>R3: JB row total = 人员经费 + 日常公用经费.</summary>
    public static void BasicSplit(BudgetPackage package, RuleRun run)
    {
        var table = CodedTables.Basic(package.Tables?.Jb);
        if (table is null)
        {
            run.NotApplicable("本包未印一般公共预算基本支出表（部门经济分类）。");
            return;
        }

        foreach (var row in WithTotal(table))
        {
            if (run.AddsUp(row["total"], [row["personnel"], row["public_use"]]))
            {
                continue;
            }

            run.CheckSum(
                $"{TableNames.Of(TableKey.Jb)} {At.RowName(row)} 合计应等于人员经费与日常公用经费之和",
                row["total"], At.Cell(TableKey.Jb, row, "total"),
                [(row["personnel"], At.Cell(TableKey.Jb, row, "personnel")), (row["public_use"], At.Cell(TableKey.Jb, row, "public_use"))], table.Unit);
        }
    }

    /// <summary>
    /// R5: in every coded table and column, 类 = Σ 款 and 款 = Σ 项; for the tables R2 does not cover, the 合计
    /// row = Σ top-level rows.
    /// </summary>
    public static void Hierarchy(BudgetPackage package, RuleRun run)
    {
        if (package.Tables is null)
        {
            run.NotApplicable("本包无附表。");
            return;
        }

        var any = false;
        foreach (var table in CodedTables.All(package.Tables))
        {
            any = true;
            var rows = table.Rows.Where(r => IsCode(r.Code)).ToList();

            // Children by parent code in one pass (in printed order), not a scan of every row for every parent. The
            // parent code is looked up as a prefix span: a string is made only for each new parent, not each row.
            var childrenOf = new Dictionary<string, List<CodedRow>>(StringComparer.Ordinal);
            var byPrefix = childrenOf.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var row in rows)
            {
                if (CodedTable.ParentLength(row.Code.Length, table.IsFunction) is > 0 and var length)
                {
                    var parentCode = row.Code.AsSpan(0, length);
                    if (!byPrefix.TryGetValue(parentCode, out var siblings))
                    {
                        byPrefix[parentCode] = siblings = [];
                    }

                    siblings.Add(row);
                }
            }

            foreach (var parent in rows)
            {
                if (!childrenOf.TryGetValue(parent.Code, out var children))
                {
                    continue;
                }

                var level = parent.Code.Length == 3 ? "类" : "款";
                var childLevel = parent.Code.Length == 3 ? "款" : "项";
                foreach (var column in table.Columns)
                {
                    // Almost every parent adds up: decide that without building the message and locations.
                    if (AddsUp(parent[column], children, column) is { } allBlank)
                    {
                        if (!allBlank)
                        {
                            run.Checked();
                        }

                        continue;
                    }

                    CheckChildren(run, table, parent, children, column, level, childLevel);
                }
            }

            if (table.Key is not (TableKey.Gf or TableKey.Jj or TableKey.Gz or TableKey.Zc))
            {
                CheckGrandTotal(table, run);
            }
        }

        if (!any)
        {
            run.NotApplicable("本包未印分科目的表。");
        }
    }

    // Apart from Hierarchy's loop, so that the lambda's closure is only allocated for a sum that may be reported.
    private static void CheckChildren(RuleRun run, CodedTable table, CodedRow parent, List<CodedRow> children, string column, string level, string childLevel) =>
        run.CheckSum(
            $"{TableNames.Of(table.Key)} {At.RowName(parent)}（{level}）{Names.Column(column)}列应等于其下各{childLevel}之和",
            parent[column], At.Cell(table.Key, parent, column),
            [.. children.Select(c => (c[column], At.Cell(table.Key, c, column)))], table.Unit);

    /// <summary>
    /// What <see cref="RuleRun.CheckSum"/> would decide without a finding: null when it may find something (an
    /// unreadable cell, a difference), else whether every cell is blank (then it does not even count as checked).
    /// </summary>
    private static bool? AddsUp(Amount printed, List<CodedRow> children, string column)
    {
        if (printed.IsUnparseable)
        {
            return null;
        }

        var sum = 0m;
        var allBlank = printed.IsBlank;
        foreach (var child in children)
        {
            var cell = child[column];
            if (cell.IsUnparseable)
            {
                return null;
            }

            allBlank &= cell.IsBlank;
            sum += cell.ValueOrZero ?? 0m;
        }

        return allBlank || (printed.ValueOrZero ?? 0m) == sum ? allBlank : null;
    }

    /// <summary>R5 (Intake leaves it to us): codes are unique within a table.</summary>
    public static void DuplicateCodes(BudgetPackage package, RuleRun run)
    {
        if (package.Tables is null)
        {
            run.NotApplicable("本包无附表。");
            return;
        }

        foreach (var table in CodedTables.All(package.Tables))
        {
            run.Checked();
            if (!HasRepeatedCode(table.Rows))
            {
                continue;
            }

            foreach (var group in table.Rows.Where(r => r.Code.Length > 0).GroupBy(r => r.Code).Where(g => g.Count() > 1))
            {
                var rows = group.ToList();
                run.Fail(
                    $"{TableNames.Of(table.Key)} 科目 {group.Key} 重复出现 {rows.Count} 次（第 {string.Join("、", rows.Select(r => r.RowIndex + 1))} 行）。",
                    rows.Select(r => At.Cell(table.Key, r, string.Empty)),
                    actual: rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    expected: "1");
            }
        }
    }

    private static bool HasRepeatedCode(IReadOnlyList<CodedRow> rows)
    {
        var seen = new HashSet<string>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Code.Length > 0 && !seen.Add(row.Code))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>R6: SZ income total = expenditure total, and each side = Σ its lines.</summary>
    public static void SzBalance(BudgetPackage package, RuleRun run)
    {
        var sz = package.Tables?.Sz;
        if (sz is null || sz.Meta?.State == TableState.DeclaredEmpty)
        {
            run.NotApplicable("本包未印部门收支总表。");
            return;
        }

        var unit = sz.Meta?.Unit ?? AmountUnit.Unspecified;
        var incomeTotal = LabeledValue(sz.IncomeTotal);
        var incomeAt = LabeledAt(sz.IncomeTotal, "income_total", TableKey.Sz);
        var expenditureTotal = LabeledValue(sz.ExpenditureTotal);
        var expenditureAt = LabeledAt(sz.ExpenditureTotal, "expenditure_total", TableKey.Sz);
        run.CheckSame("部门收支总表 收入合计与支出合计", expenditureTotal, unit, expenditureAt, incomeTotal, unit, incomeAt);

        // A 财政拨款收入 line (Shanghai's "一、财政拨款收入") is the subtotal of the fund lines printed under it:
        // the total counts it instead of them, and it is checked against them.
        var fiscalLine = sz.Income.Select((line, i) => (line, i)).FirstOrDefault(x => x.line.Source == IncomeSource.FiscalAppropriation);
        var hasFiscalLine = fiscalLine.line is not null;
        var incomeLines = sz.Income.Select((line, i) => (line, i))
            .Where(x => x.line.Source == IncomeSource.Unspecified ? !IsSubtotalLabel(x.line.Label) : !(hasFiscalLine && IsFiscalFund(x.line.Source)))
            .ToList();
        run.CheckSum("部门收支总表 收入合计应等于各项收入之和", incomeTotal, incomeAt,
            [.. incomeLines.Select(x => (Amount.Parse(x.line.HasAmount ? x.line.Amount : null), At.Labeled(TableKey.Sz, "income", x.line.Label, x.i)))], unit);
        if (hasFiscalLine)
        {
            var funds = sz.Income.Select((line, i) => (line, i)).Where(x => IsFiscalFund(x.line.Source)).ToList();
            if (funds.Count > 0)
            {
                run.CheckSum($"部门收支总表“{fiscalLine.line!.Label.Trim()}”应等于其下各项财政拨款资金之和", Amount.Parse(fiscalLine.line.HasAmount ? fiscalLine.line.Amount : null),
                    At.Labeled(TableKey.Sz, "income", fiscalLine.line.Label, fiscalLine.i),
                    [.. funds.Select(x => (Amount.Parse(x.line.HasAmount ? x.line.Amount : null), At.Labeled(TableKey.Sz, "income", x.line.Label, x.i)))], unit);
            }
        }

        run.CheckSum("部门收支总表 支出合计应等于各项支出之和", expenditureTotal, expenditureAt,
            [.. sz.Expenditure.Select((line, i) => (SzExpenditure(line), new Location { Table = TableKey.Sz, RowCode = line.Code, Column = "expenditure", RowIndex = i, Label = line.Name }))], unit);
    }

    /// <summary>The three fiscal funds (一般公共预算, 政府性基金, 国有资本经营) that 财政拨款收入 adds up.</summary>
    internal static bool IsFiscalFund(IncomeSource source) => source is IncomeSource.GeneralBudget or IncomeSource.GovernmentFund or IncomeSource.StateCapital;

    /// <summary>
    /// An SZ expenditure line's amount: as printed, or — where the table splits each line into 人员经费, 公用经费 and
    /// 项目支出 without a line total — the sum of its parts (blank when none is printed, unreadable when one is not a number).
    /// </summary>
    internal static Amount SzExpenditure(FunctionAmountLine line)
    {
        if (line.HasAmount || !(line.HasPersonnel || line.HasPublicUse || line.HasProject))
        {
            return Amount.Parse(line.HasAmount ? line.Amount : null);
        }

        var sum = 0m;
        foreach (var part in (Amount[])[Amount.Parse(line.HasPersonnel ? line.Personnel : null), Amount.Parse(line.HasPublicUse ? line.PublicUse : null), Amount.Parse(line.HasProject ? line.Project : null)])
        {
            if (part.IsUnparseable)
            {
                return part;
            }

            sum += part.ValueOrZero ?? 0m;
        }

        return Amount.Parse(sum.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>R6: SR row total = Σ income-source columns.</summary>
    public static void SrSources(BudgetPackage package, RuleRun run)
    {
        var table = CodedTables.Income(package.Tables?.Sr);
        if (table is null)
        {
            run.NotApplicable("本包未印部门收入总表。");
            return;
        }

        foreach (var row in WithTotal(table))
        {
            // Values are in Columns order: the total first, then the sources. A row that prints 财政拨款收入 as one
            // column (Shanghai) counts it instead of the three fund columns; one that splits the funds leaves it out.
            var single = !row["fiscal_appropriation"].IsBlank;
            if (single ? SingleColumnAddsUp(run, row) : run.AddsUp(row["total"], row.Values.AsSpan(1, CodedTables.IncomeColumns.Length - 2)))
            {
                continue;
            }

            CheckSources(run, table, row, single);
        }
    }

    // Apart from the loop, so that the lambda's closure is only allocated for a sum that may be reported.
    private static void CheckSources(RuleRun run, CodedTable table, CodedRow row, bool single) =>
        run.CheckSum(
            $"{TableNames.Of(TableKey.Sr)} {At.RowName(row)} 总计应等于各收入来源之和",
            row["total"], At.Cell(TableKey.Sr, row, "total"),
            [.. SourceColumns(single).Select(c => (row[c], At.Cell(TableKey.Sr, row, c)))], table.Unit);

    // What RuleRun.AddsUp decides, over the source columns with 财政拨款收入 in place of the three fund columns
    // (Values in IncomeColumns order: 0 total, 2–4 the funds, 11 财政拨款收入), without building a term list.
    private static bool SingleColumnAddsUp(RuleRun run, CodedRow row)
    {
        var total = row.Values[0];
        if (total.IsUnparseable)
        {
            return false;
        }

        var sum = 0m;
        for (var i = 1; i < row.Values.Length; i++)
        {
            if (i is 2 or 3 or 4)
            {
                continue;
            }

            var term = row.Values[i];
            if (term.IsUnparseable)
            {
                return false;
            }

            sum += term.ValueOrZero ?? 0m;
        }

        if ((total.ValueOrZero ?? 0m) != sum)
        {
            return false;
        }

        run.Checked();
        return true;
    }

    /// <summary>The SR source columns one row's total adds up: the fund columns, or 财政拨款收入 in their place.</summary>
    internal static IEnumerable<string> SourceColumns(bool singleFiscalColumn) =>
        CodedTables.IncomeColumns.Skip(1).Where(c => singleFiscalColumn
            ? c is not ("general_budget" or "government_fund" or "state_capital")
            : c != "fiscal_appropriation");

    /// <summary>The 合计 row against the rows no printed ancestor already counts, column by column.</summary>
    internal static void CheckGrandTotal(CodedTable table, RuleRun run)
    {
        if (table.TotalRow is null)
        {
            return;
        }

        var top = TopLevel(table);
        foreach (var column in table.Columns)
        {
            if (AddsUp(table.TotalRow[column], top, column) is { } allBlank)
            {
                if (!allBlank)
                {
                    run.Checked();
                }

                continue;
            }

            CheckTopLevel(run, table, table.TotalRow, top, column);
        }
    }

    // Apart from the loop, so that the lambda's closure is only allocated for a sum that may be reported.
    private static void CheckTopLevel(RuleRun run, CodedTable table, CodedRow totalRow, List<CodedRow> top, string column) =>
        run.CheckSum(
            $"{TableNames.Of(table.Key)} 合计行{Names.Column(column)}列应等于各类科目之和",
            totalRow[column], At.Cell(table.Key, totalRow, column),
            [.. top.Select(r => (r[column], At.Cell(table.Key, r, column)))], table.Unit);

    /// <summary>Rows none of whose ancestors is printed: the 类 rows, plus orphans of a lost parent.</summary>
    internal static List<CodedRow> TopLevel(CodedTable table)
    {
        var codes = table.Rows.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var printed = codes.GetAlternateLookup<ReadOnlySpan<char>>();
        var top = new List<CodedRow>();
        foreach (var row in table.Rows)
        {
            if (IsCode(row.Code) && !HasPrintedAncestor(row.Code))
            {
                top.Add(row);
            }
        }

        return top;

        // The ancestors are the code's prefixes (7 → 5 → 3 digits): looked up as spans, none made into strings.
        bool HasPrintedAncestor(string code)
        {
            for (var length = CodedTable.ParentLength(code.Length, table.IsFunction); length > 0; length = CodedTable.ParentLength(length, table.IsFunction))
            {
                if (printed.Contains(code.AsSpan(0, length)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    internal static bool IsCode(string code) => code.Length > 0 && !code.AsSpan().ContainsAnyExceptInRange('0', '9');

    internal static IEnumerable<CodedTable> FunctionTables(BudgetPackage package)
    {
        var tables = package.Tables;
        if (tables is null)
        {
            yield break;
        }

        foreach (var (key, table) in new[] { (TableKey.Gf, tables.Gf), (TableKey.Jj, tables.Jj), (TableKey.Gz, tables.Gz), (TableKey.Zc, tables.Zc) })
        {
            if (CodedTables.Function(key, table) is { } coded)
            {
                yield return coded;
            }
        }
    }

    internal static IEnumerable<CodedRow> WithTotal(CodedTable table) =>
        table.TotalRow is null ? table.Rows : table.Rows.Append(table.TotalRow);

    internal static Amount LabeledValue(LabeledAmount? labeled) => Amount.Parse(labeled?.HasAmount == true ? labeled.Amount : null);

    internal static Location LabeledAt(LabeledAmount? labeled, string field, TableKey table = TableKey.Cz) => At.Labeled(table, field, labeled?.Label ?? string.Empty);

    internal static Amount FundCell(FundSplitRow? row, string column) => row is null ? Amount.Blank : column switch
    {
        "total" => Amount.Parse(row.HasTotal ? row.Total : null),
        "general_budget" => Amount.Parse(row.HasGeneralBudget ? row.GeneralBudget : null),
        "government_fund" => Amount.Parse(row.HasGovernmentFund ? row.GovernmentFund : null),
        "state_capital" => Amount.Parse(row.HasStateCapital ? row.StateCapital : null),
        _ => Amount.Blank,
    };

    internal static Location FundRowAt(FundSplitRow? row, int index, string column) => new()
    {
        Table = TableKey.Cz,
        RowCode = row?.Code ?? string.Empty,
        Column = column,
        RowIndex = index,
        Label = row?.Name.Trim() ?? string.Empty,
    };

    private static (Amount, Location) Term(LabeledAmount? labeled, string field) => (LabeledValue(labeled), LabeledAt(labeled, field));

    private static IEnumerable<(FundSplitRow Row, int Index)> CzLines(FiscalFundsOverviewTable cz)
    {
        if (cz.CurrentYearExpenditure is not null)
        {
            yield return (cz.CurrentYearExpenditure, -1);
        }

        for (var i = 0; i < cz.ExpenditureByFunction.Count; i++)
        {
            yield return (cz.ExpenditureByFunction[i], i);
        }

        if (cz.CarryForward is not null)
        {
            yield return (cz.CarryForward, -1);
        }

        if (cz.ExpenditureTotal is not null)
        {
            yield return (cz.ExpenditureTotal, -1);
        }
    }

    private static bool IsSubtotalLabel(string label) =>
        label.Contains("小计", StringComparison.Ordinal) || label.Contains("合计", StringComparison.Ordinal) || label.Contains("总计", StringComparison.Ordinal)
        || label.StartsWith("一、", StringComparison.Ordinal) || label.StartsWith("二、", StringComparison.Ordinal);
}
