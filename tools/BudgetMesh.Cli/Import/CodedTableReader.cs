using System.Globalization;
using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// Tables of coded rows under a 合计 row: GF/JJ/GZ/ZC (function, basic/project), JB (economic, personnel/public use),
/// JBG/XMJ/XMG (economic, one amount) and SR (function, amounts by income source named in the headings).
/// </summary>
internal static partial class CodedTableReader
{
    public static FunctionExpenditureTable Function(Section section, TableMeta meta)
    {
        var table = new FunctionExpenditureTable { Meta = meta };
        // A prior-year column shows as a second year in the headings (2024年预算数 beside 2025年预算数).
        var years = section.Rows.Where(CodedRows.IsHeading).SelectMany(r => r.Filled)
            .Select(c => PriorYearPattern().Match(c)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToList();
        var hasPrior = years.Count >= 2;
        if (hasPrior)
        {
            table.PriorYear = years.Min();
        }

        foreach (var (_, coded) in Coded(section))
        {
            var target = new FunctionExpenditureRow { Code = coded.Code, Name = coded.Name };
            var k = hasPrior ? 1 : 0;
            if (hasPrior && coded.Amount(0) is { } prior)
            {
                target.PriorYear = prior;
            }

            Set(coded.Amount(k), v => target.Total = v);
            Set(coded.Amount(k + 1), v => target.Basic = v);
            Set(coded.Amount(k + 2), v => target.Project = v);
            Add(coded, target, r => table.TotalRow = r, table.Rows);
        }

        Finish(section, meta, table.Rows.Count);
        return table;
    }

    public static BasicExpenditureTable Basic(Section section, TableMeta meta)
    {
        var table = new BasicExpenditureTable { Meta = meta };
        foreach (var (_, coded) in Coded(section))
        {
            var target = new BasicExpenditureRow { Code = coded.Code, Name = coded.Name };
            Set(coded.Amount(0), v => target.Total = v);
            Set(coded.Amount(1), v => target.Personnel = v);
            Set(coded.Amount(2), v => target.PublicUse = v);
            Add(coded, target, r => table.TotalRow = r, table.Rows);
        }

        Finish(section, meta, table.Rows.Count);
        return table;
    }

    public static EconomicAmountTable Economic(Section section, TableMeta meta)
    {
        var table = new EconomicAmountTable { Meta = meta };
        foreach (var (_, coded) in Coded(section))
        {
            var target = new EconomicAmountRow { Code = coded.Code, Name = coded.Name };
            Set(coded.Amount(0), v => target.Amount = v);
            Add(coded, target, r => table.TotalRow = r, table.Rows);
        }

        Finish(section, meta, table.Rows.Count);
        return table;
    }

    /// <summary>SR: the amount columns are the headings from 总计 on, each mapped by what it names; null without such headings.</summary>
    public static IncomeBySourceTable? IncomeBySource(Section section, TableMeta meta, List<string> notes)
    {
        var heading = section.Rows.FirstOrDefault(r => CodedRows.IsHeading(r) && r.Filled.Any(c => c is "总计" or "合计"));
        if (heading is null)
        {
            return null;
        }

        var names = heading.Filled.SkipWhile(c => c is not ("总计" or "合计")).ToList();
        var columns = names.Select(IncomeColumn).ToList();
        foreach (var (name, _) in names.Zip(columns).Where(c => c.Second is null))
        {
            notes.Add($"{section.Label}{section.Title}：列“{name}”在部门收入总表中没有对应字段，其金额未导入");
        }

        var table = new IncomeBySourceTable { Meta = meta };
        foreach (var (_, coded) in Coded(section))
        {
            var target = new IncomeBySourceRow { Code = coded.Code, Name = coded.Name };
            for (var k = 0; k < columns.Count; k++)
            {
                if (columns[k] is { } set && coded.Amount(k) is { } value)
                {
                    set(target, value);
                }
            }

            Add(coded, target, r => table.TotalRow = r, table.Rows);
        }

        Finish(section, meta, table.Rows.Count);
        return table;
    }

    /// <summary>Every coded or total row, marked placed; headings are placed too, anything else is left for the caller to report.</summary>
    private static IEnumerable<(Row Row, CodedCells Coded)> Coded(Section section)
    {
        foreach (var row in section.Rows)
        {
            if (CodedRows.Read(row) is { } coded)
            {
                row.Placed = true;
                yield return (row, coded);
            }
            else
            {
                row.Placed = CodedRows.IsHeading(row) || row.IsBlank;
            }
        }
    }

    private static void Add<T>(CodedCells coded, T target, Action<T> setTotal, ICollection<T> rows)
    {
        if (coded.IsTotal)
        {
            setTotal(target);
        }
        else
        {
            rows.Add(target);
        }
    }

    private static void Set(string? value, Action<string> set)
    {
        if (value is not null)
        {
            set(value);
        }
    }

    private static Action<IncomeBySourceRow, string>? IncomeColumn(string heading) => heading switch
    {
        "总计" or "合计" => (r, v) => r.Total = v,
        _ when heading.Contains("上年结转", StringComparison.Ordinal) => (r, v) => r.Carryover = v,
        _ when heading.Contains("一般公共预算", StringComparison.Ordinal) => (r, v) => r.GeneralBudget = v,
        _ when heading.Contains("政府性基金", StringComparison.Ordinal) => (r, v) => r.GovernmentFund = v,
        _ when heading.Contains("国有资本经营", StringComparison.Ordinal) => (r, v) => r.StateCapital = v,
        _ when heading.Contains("财政专户", StringComparison.Ordinal) => (r, v) => r.FiscalSpecialAccount = v,
        _ when heading.Contains("经营收入", StringComparison.Ordinal) => (r, v) => r.OperatingIncome = v,
        _ when heading.Contains("事业收入", StringComparison.Ordinal) => (r, v) => r.InstitutionIncome = v,
        _ when heading.Contains("上级补助", StringComparison.Ordinal) => (r, v) => r.SuperiorSubsidy = v,
        _ when heading.Contains("附属单位", StringComparison.Ordinal) => (r, v) => r.SubordinateRemittance = v,
        _ when heading.Contains("其他收入", StringComparison.Ordinal) => (r, v) => r.OtherIncome = v,
        _ when heading.Contains("财政拨款", StringComparison.Ordinal) => (r, v) => r.FiscalAppropriation = v,
        _ => null,
    };

    /// <summary>State and printed remarks: an explanation of a table printed empty, or notes below the rows.</summary>
    public static void Finish(Section section, TableMeta meta, int rows)
    {
        meta.State = rows > 0 ? TableState.Rows : TableState.DeclaredEmpty;
        var explanation = section.Remarks.Select(r => r.StartsWith("备注", StringComparison.Ordinal) ? r[2..].TrimStart('：', ':', ' ') : r).FirstOrDefault();
        if (rows == 0 && explanation is not null)
        {
            meta.EmptyExplanation = explanation;
        }
        else
        {
            meta.Notes.AddRange(section.Remarks);
        }
    }

    [GeneratedRegex(@"^(\d{4})\s*年(预算数|执行数)?$")]
    private static partial Regex PriorYearPattern();
}
